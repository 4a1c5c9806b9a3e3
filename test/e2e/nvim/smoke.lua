-- Smoke test of `kijun lsp --stdio` in a second, independent client: Neovim 0.7 (Debian), headless.
-- Run by test/e2e/nvim/run.sh, which sets KIJUN_ROOT (the repository) and KIJUN_WS (a scratch copy
-- of policies/ plus test/e2e/fixtures/chain-ja). Prints one JSON line per check and a closing line
-- "Neovim: N passed, N failed"; exits with `cquit! 1` on failure.
--
-- Neovim 0.7 has no pull diagnostics, so this also covers the server's push path.

local root = assert(os.getenv('KIJUN_ROOT'), 'KIJUN_ROOT is not set')
local ws = assert(os.getenv('KIJUN_WS'), 'KIJUN_WS is not set')
local WAIT = tonumber(os.getenv('KIJUN_NVIM_WAIT') or '15000')

local passed, failed = 0, 0
local function out(t)
  local ok, json = pcall(vim.fn.json_encode, t)
  io.stdout:write((ok and json or vim.inspect(t)) .. '\n')
end

--- At most n characters (never a cut UTF-8 sequence).
local function cut(s, n)
  return vim.fn.strcharpart(s, 0, n or 200)
end

local function check(name, fn)
  local ok, err = pcall(fn)
  if ok then
    passed = passed + 1
    out({ check = name, ok = true })
  else
    failed = failed + 1
    out({ check = name, ok = false, error = tostring(err) })
  end
  return ok
end

local function finish()
  io.stdout:write(string.format('Neovim: %d passed, %d failed\n', passed, failed))
  io.stdout:flush()
  if failed > 0 then
    vim.cmd('cquit! 1')
  else
    vim.cmd('qall!')
  end
end

-- KIJUN_CMD (space-separated) runs another server command, e.g. the installed package's
-- `…/node_modules/.bin/kijun lsp --stdio` (test/e2e/editors/run.sh); default: the repository build.
local cmd = { 'node', root .. '/dist/cli.js', 'lsp', '--stdio' }
if os.getenv('KIJUN_CMD') and os.getenv('KIJUN_CMD') ~= '' then cmd = vim.split(os.getenv('KIJUN_CMD'), ' ', { trimempty = true }) end

local stderr = {}
local client_id = vim.lsp.start_client({
  name = 'kijun',
  cmd = cmd,
  root_dir = ws,
  workspace_folders = { { uri = vim.uri_from_fname(ws), name = 'ws' } },
  init_options = { locale = 'ja' },
  settings = { kijun = { enable = true, locale = 'ja', rules = {} } },
  handlers = {
    -- window/showDocument etc. are not needed here; keep the log quiet.
    ['window/logMessage'] = function(_, r) table.insert(stderr, r and r.message or '') end,
  },
  on_exit = function(code, signal)
    if code ~= 0 then table.insert(stderr, string.format('server exited: code %s, signal %s', code, signal)) end
  end,
})

local function client()
  return vim.lsp.get_client_by_id(client_id)
end

--- Opens a workspace file in a buffer, sets its filetype (-u NONE: no detection) and attaches.
local function open(rel)
  vim.cmd('edit ' .. vim.fn.fnameescape(ws .. '/' .. rel))
  local buf = vim.api.nvim_get_current_buf()
  vim.bo[buf].filetype = 'markdown'
  assert(vim.lsp.buf_attach_client(buf, client_id), 'could not attach the client to ' .. rel)
  return buf
end

local function uri(buf)
  return vim.uri_from_bufnr(buf)
end

--- 0-based LSP position (UTF-16) of the first occurrence of `needle` in the buffer.
local function position(buf, needle)
  for i, line in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
    local s = line:find(needle, 1, true)
    if s then
      local _, utf16 = vim.str_utfindex(line, s - 1)
      return { line = i - 1, character = utf16 }
    end
  end
  error('"' .. needle .. '" not found in the buffer')
end

local function request(method, params, buf)
  local r, err = client().request_sync(method, params, WAIT, buf)
  assert(r, method .. ' failed: ' .. tostring(err))
  assert(not r.err, method .. ' returned an error: ' .. vim.inspect(r.err))
  return r.result
end

local function hover_text(buf, needle)
  local h = request('textDocument/hover', { textDocument = { uri = uri(buf) }, position = position(buf, needle) }, buf)
  assert(h and h.contents, 'no hover at "' .. needle .. '"')
  local c = h.contents
  return type(c) == 'string' and c or c.value or vim.inspect(c)
end

local function codes(buf)
  local t = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    t[#t + 1] = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
  end
  return t
end

local function has(list, x)
  for _, v in ipairs(list) do
    if v == x then return true end
  end
  return false
end

local FIX_TEXT = 'CSIRT責任者には、〔役職名〕を充てる。'
local CHAIN_LINE = 'CSIRT責任者は、直ちに最高情報セキュリティ責任者に報告する。'

local function main()
local started = check('server starts and initializes', function()
  assert(client_id, 'vim.lsp.start_client returned nil')
  local flawed = open('flawed-ja/security-policy.md')
  assert(vim.wait(WAIT, function() return client() ~= nil and client().initialized end, 50), 'the server did not initialize within ' .. WAIT .. ' ms; ' .. table.concat(stderr, ' | '))
  vim.b[flawed].kijun = true
end)

if started then
  local flawed = vim.api.nvim_get_current_buf()

  check('diagnostics on flawed-ja/security-policy.md, in Japanese', function()
    assert(vim.wait(WAIT, function() return has(codes(flawed), 'csirt-lead-assigned') end, 50), 'no csirt-lead-assigned diagnostic; got ' .. vim.inspect(codes(flawed)))
    local ds = vim.diagnostic.get(flawed, { severity = vim.diagnostic.severity.ERROR })
    assert(#ds > 0, 'no error diagnostics')
    local msgs = {}
    for _, d in ipairs(ds) do msgs[#msgs + 1] = d.message end
    local all = table.concat(msgs, '\n')
    assert(all:find('CSIRTが整備されていない', 1, true), 'no Japanese csirt-defined message in: ' .. cut(all, 300))
    assert(not all:find('No CSIRT is established', 1, true), 'English message although kijun.locale is ja')
  end)

  check('hover on a clause reference shows its requirement', function()
    local conforming = open('conforming-ja/security-policy.md')
    local id = '2.1.1(6)(b)'
    local want
    local catalog = vim.fn.json_decode(table.concat(vim.fn.readfile(root .. '/server/src/standards/unified-2014.json'), '\n'))
    for _, c in ipairs(catalog.clauses) do
      if c.id == id then want = c.requirement.ja end
    end
    assert(want, id .. ' has no requirement in unified-2014.json')
    local text = hover_text(conforming, id)
    local squash = function(x) return (x:gsub('%s+', '')) end
    assert(squash(text):find(squash(want), 1, true), 'the hover lacks the requirement of ' .. id .. ': ' .. cut(text, 300))
    -- The hover waited for the analysis: a conforming policy has no diagnostics.
    vim.wait(500)
    assert(#vim.diagnostic.get(conforming) == 0, 'conforming-ja/security-policy.md has diagnostics: ' .. vim.inspect(codes(conforming)))
    vim.cmd('buffer ' .. flawed)
  end)

  check('code action "CSIRT責任者を定める" inserts the sentence and clears the finding', function()
    -- The finding sits on the heading of the section its fix inserts into (not on the title).
    local line, col = 0, 2
    for _, d in ipairs(vim.diagnostic.get(flawed)) do
      if d.code == 'csirt-lead-assigned' or (d.user_data and d.user_data.lsp and d.user_data.lsp.code == 'csirt-lead-assigned') then line, col = d.lnum, d.col end
    end
    local params = {
      textDocument = { uri = uri(flawed) },
      range = { start = { line = line, character = col }, ['end'] = { line = line, character = col } },
      context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(flawed, line) },
    }
    local actions = request('textDocument/codeAction', params, flawed)
    local chosen
    for _, a in ipairs(actions or {}) do
      if a.title == 'CSIRT責任者を定める' then chosen = a end
    end
    assert(chosen and chosen.edit, 'no code action "CSIRT責任者を定める" among ' .. #(actions or {}) .. ' actions')
    vim.lsp.util.apply_workspace_edit(chosen.edit, client().offset_encoding)
    local text = table.concat(vim.api.nvim_buf_get_lines(flawed, 0, -1, false), '\n')
    assert(text:find(FIX_TEXT, 1, true), 'the edit did not insert ' .. FIX_TEXT)
    assert(vim.wait(WAIT, function() return not has(codes(flawed), 'csirt-lead-assigned') end, 50), 'csirt-lead-assigned is still reported after the edit')
    assert(has(codes(flawed), 'csirt-defined'), 'other findings vanished too: ' .. vim.inspect(codes(flawed)))
  end)

  check('editing only the runbook reports on the policy', function()
    local policy = open('chain-ja/security-policy.md')
    local text = hover_text(policy, 'CSIRT責任者には')
    assert(text:find('情報セキュリティ監察官', 1, true), 'role hover does not name the holder: ' .. cut(text, 300))
    assert(#vim.diagnostic.get(policy) == 0, 'the scratch policy has diagnostics before the edit: ' .. vim.inspect(codes(policy)))
    local runbook = open('chain-ja/incident-runbook.md')
    local lines = vim.api.nvim_buf_get_lines(runbook, 0, -1, false)
    local at
    for i, l in ipairs(lines) do
      if l:find(CHAIN_LINE, 1, true) then at = i end
    end
    assert(at, 'the runbook lacks the line ' .. CHAIN_LINE)
    vim.api.nvim_buf_set_lines(runbook, at - 1, at, false, {})
    assert(vim.wait(WAIT, function()
      local c = codes(policy)
      return has(c, 'ciso-reporting') or has(c, 'reporting-chain')
    end, 50), 'no ciso-reporting / reporting-chain on the policy after the runbook edit; got ' .. vim.inspect(codes(policy)))
    assert(not vim.bo[policy].modified, 'the policy buffer was modified')
  end)
end
end

local ok, err = pcall(main)
if not ok then
  failed = failed + 1
  out({ check = 'smoke test', ok = false, error = tostring(err) })
end
finish()
