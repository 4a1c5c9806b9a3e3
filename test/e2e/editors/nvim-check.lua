-- Run by test/e2e/editors/run.sh after the README's "kijun: Neovim 0.7" block (the init file):
-- waits for Kijun's diagnostics in the opened policy. Prints "nvim-readme: N diagnostics" or fails.
local buf = vim.api.nvim_get_current_buf()
local ok = vim.wait(30000, function()
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.source == 'kijun' and (d.code == 'csirt-defined' or (d.user_data and d.user_data.lsp and d.user_data.lsp.code == 'csirt-defined')) then return true end
  end
  return false
end, 100)
local n = #vim.diagnostic.get(buf)
io.stdout:write(string.format('nvim-readme: %d diagnostics, csirt-defined %s\n', n, ok and 'found' or 'MISSING'))
io.stdout:flush()
vim.cmd(ok and 'qall!' or 'cquit! 1')
