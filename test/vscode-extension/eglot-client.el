;;; eglot-client.el --- drive Emacs eglot against the penglaic server  -*- lexical-binding: t -*-
;; Run by eglot-editor-end-to-end.test.ts without -Q, so Debian's elpa-eglot is found through
;; site-lisp. Opens the file, waits for Flymake diagnostics, hovers, fixes the error, completes
;; after a handle's `.`, asks for workspace symbols, references and incoming calls, and writes
;; what it saw as JSON to $PEN_OUT.
(require 'eglot)
(require 'json)

(define-derived-mode penglai-mode prog-mode "Penglai")

(defvar pen-report nil)
(defun pen-put (key value) (push (cons key value) pen-report))

(defun pen-wait (predicate seconds)
  (let ((deadline (+ (float-time) seconds)))
    (while (and (not (funcall predicate)) (< (float-time) deadline))
      (accept-process-output nil 0.05))))

(defun pen-diagnostics ()
  (mapcar (lambda (d)
            (let ((beg (flymake-diagnostic-beg d)) (end (flymake-diagnostic-end d)))
              (list (cons 'line (1- (line-number-at-pos beg)))
                    (cons 'col (save-excursion (goto-char beg) (current-column)))
                    (cons 'end_line (1- (line-number-at-pos end)))
                    (cons 'end_col (save-excursion (goto-char end) (current-column)))
                    (cons 'text (flymake-diagnostic-text d)))))
          (sort (flymake-diagnostics) (lambda (a b) (< (flymake-diagnostic-beg a) (flymake-diagnostic-beg b))))))

(defun pen-position (line col)
  (goto-char (point-min))
  (forward-line line)
  (forward-char col)
  (eglot--TextDocumentPositionParams))

(condition-case err
    (let* ((server (getenv "PEN_SERVER"))
           (file (getenv "PEN_FILE")))
      (setq eglot-send-changes-idle-time 0.1)
      (setq flymake-no-changes-timeout 0.1)
      (find-file file)
      (penglai-mode)
      (eglot (list 'penglai-mode) (cons 'transient (file-name-directory file)) 'eglot-lsp-server
             (list "node" server "--stdio") "penglai")
      (pen-wait (lambda () (eglot-current-server)) 20)
      (pen-put 'managed (if (eglot-managed-p) t :json-false))
      (pen-wait (lambda () (flymake-diagnostics)) 20)
      (pen-put 'diagnostics (vconcat (pen-diagnostics)))
      (let ((hover (jsonrpc-request (eglot-current-server) :textDocument/hover (pen-position 13 24))))
        (pen-put 'hover (plist-get (plist-get hover :contents) :value)))
      ;; Fix the call: delete ", 1".
      (goto-char (point-min))
      (search-forward ", 1)")
      (delete-region (- (point) 4) (1- (point)))
      (eglot--signal-textDocument/didChange)
      (pen-wait (lambda () (null (flymake-diagnostics))) 20)
      (pen-put 'after_fix (vconcat (pen-diagnostics)))
      (goto-char (point-min)) (forward-line 13)
      (pen-put 'fixed_line (buffer-substring-no-properties (line-beginning-position) (line-end-position)))
      ;; Type `adder.` on a new line and ask for completion after the dot.
      (goto-char (point-min)) (forward-line 14)
      (insert "    adder.\n")
      (eglot--signal-textDocument/didChange)
      (let* ((result (jsonrpc-request (eglot-current-server) :textDocument/completion (pen-position 14 10)))
             (items (if (vectorp result) result (plist-get result :items))))
        (pen-put 'completion (vconcat (mapcar (lambda (item) (concat (plist-get item :label) " " (plist-get item :detail) " inserts " (or (plist-get item :insertText) (plist-get item :label)))) items))))
      ;; Workspace symbols and references through xref, eglot's own way to ask for them:
      ;; other.pen is never visited, the server found it by indexing the folder.
      (pen-put 'workspace_symbols
               (vconcat (mapcar (lambda (x) (format "%s:%d %s" (file-name-nondirectory (xref-location-group (xref-item-location x)))
                                                    (xref-location-line (xref-item-location x)) (xref-item-summary x)))
                                (xref-backend-apropos 'eglot "main"))))
      (goto-char (point-min)) (forward-line 4) (forward-char 6)
      (pen-put 'references
               (vconcat (mapcar (lambda (x) (format "%s:%d" (file-name-nondirectory (xref-location-group (xref-item-location x)))
                                                    (xref-location-line (xref-item-location x))))
                                (xref-backend-references 'eglot (xref-backend-identifier-at-point 'eglot)))))
      ;; eglot 1.9 has no call-hierarchy command (it came with eglot 1.15): the requests go over
      ;; its connection as they are.
      (let* ((items (jsonrpc-request (eglot-current-server) :textDocument/prepareCallHierarchy (pen-position 4 6)))
             (calls (jsonrpc-request (eglot-current-server) :callHierarchy/incomingCalls (list :item (aref items 0)))))
        (pen-put 'incoming_calls (vconcat (mapcar (lambda (c) (let ((from (plist-get c :from))) (concat (plist-get from :name) " " (plist-get from :detail)))) calls))))
      (eglot-shutdown (eglot-current-server)))
  (error (pen-put 'error (format "%S" err))))

(with-temp-file (getenv "PEN_OUT")
  (insert (json-encode pen-report)))
(kill-emacs 0)
