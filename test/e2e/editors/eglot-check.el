;;; eglot-check.el --- run by test/e2e/editors/run.sh: the README's eglot block, headless. -*- lexical-binding: t -*-
;; Loads Debian's elpa packages (eglot, markdown-mode), then the README block (KIJUN_EGLOT_EL),
;; opens the flawed policy (KIJUN_FILE) and waits for Kijun's diagnostics through flymake.
;; Prints "eglot-readme: N diagnostics, csirt-defined found" and exits 0, or exits 1.
(require 'package)
(package-initialize)
(require 'markdown-mode)
(require 'eglot)
(load (getenv "KIJUN_EGLOT_EL") nil t)
(find-file (getenv "KIJUN_FILE"))
(markdown-mode)
;; eglot-ensure connects from post-command-hook; batch Emacs has no command loop.
(run-hooks 'post-command-hook)
(let ((deadline (+ (float-time) 30)) found)
  (while (and (not found) (< (float-time) deadline))
    (accept-process-output nil 0.2)
    (when (bound-and-true-p flymake-mode) (flymake-start))
    (setq found (seq-find (lambda (d) (string-match-p "CSIRT" (flymake-diagnostic-text d))) (flymake-diagnostics))))
  (princ (format "eglot-readme: %d diagnostics, csirt-defined %s\n" (length (flymake-diagnostics)) (if found "found" "MISSING")))
  (ignore-errors (eglot-shutdown (eglot-current-server)))
  (kill-emacs (if found 0 1)))
