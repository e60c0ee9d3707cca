;;; eglot-client.el --- drive Emacs eglot against the penglaic server  -*- lexical-binding: t -*-
;; Run by eglot-editor-end-to-end.test.ts without -Q, so Debian's elpa-eglot is found through
;; site-lisp. Opens the file, waits for Flymake diagnostics, hovers, asks for inlay hints and
;; folding ranges, finds a type definition and a declaration, fixes the error, formats a region,
;; completes after a handle's `.`, asks for workspace symbols, references and incoming calls, and
;; writes what it saw as JSON to $PEN_OUT.
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
;; Inlay hints and folding ranges: eglot 1.9 neither asks for nor shows either (its
      ;; client capabilities say so, recorded below); the requests go through its connection.
      (let* ((server (eglot-current-server))
             (uri (plist-get (eglot--TextDocumentIdentifier) :uri))
             (hints (jsonrpc-request server :textDocument/inlayHint
                                     (list :textDocument (list :uri uri)
                                           :range (list :start (list :line 0 :character 0)
                                                        :end (list :line (count-lines (point-min) (point-max)) :character 0)))))
             (folds (jsonrpc-request server :textDocument/foldingRange (list :textDocument (list :uri uri))))
             (asks (plist-get (eglot-client-capabilities server) :textDocument)))
        (pen-put 'inlay_hints (vconcat (mapcar (lambda (h) (let ((p (plist-get h :position)))
                                                             (format "%d:%d %s" (plist-get p :line) (plist-get p :character) (plist-get h :label))))
                                               hints)))
        (pen-put 'folding_ranges (vconcat (mapcar (lambda (f) (format "%d-%d %s" (plist-get f :startLine) (plist-get f :endLine) (or (plist-get f :kind) "code")))
                                                  folds)))
        (pen-put 'client_asks (list (cons 'hover (if (plist-member asks :hover) t :json-false))
                                    (cons 'inlay_hint (if (plist-member asks :inlayHint) t :json-false))
                                    (cons 'folding_range (if (plist-member asks :foldingRange) t :json-false))))
        (pen-put 'server_announced (list (cons 'inlay_hint (if (eglot--server-capable :inlayHintProvider) t :json-false))
                                         (cons 'folding_range (if (eglot--server-capable :foldingRangeProvider) t :json-false)))))
;; Eglot's own commands for the type definition and the declaration of `adder`: eglot 1.9
      ;; lists what they find in an *xref* buffer (as for references), whose lines we keep.
      (dolist (command '((type_definition . eglot-find-typeDefinition) (declaration . eglot-find-declaration)))
        (let ((source (current-buffer)))
          (goto-char (point-min)) (forward-line 13) (forward-char 16)
          (when (get-buffer "*xref*") (kill-buffer "*xref*"))
          (funcall (cdr command))
          (pen-put (car command)
                   (if (get-buffer "*xref*")
                       (with-current-buffer "*xref*" (vconcat (split-string (buffer-substring-no-properties (point-min) (point-max)) "\n" t)))
                     (vector (format "jumped to %d:%d" (1- (line-number-at-pos)) (current-column)))))
          (switch-to-buffer source)))
      ;; Fix the call: delete ", 1".
      (goto-char (point-min))
      (search-forward ", 1)")
      (delete-region (- (point) 4) (1- (point)))
      (eglot--signal-textDocument/didChange)
      (pen-wait (lambda () (null (flymake-diagnostics))) 20)
      (pen-put 'after_fix (vconcat (pen-diagnostics)))
      (goto-char (point-min)) (forward-line 13)
      (pen-put 'fixed_line (buffer-substring-no-properties (line-beginning-position) (line-end-position)))
;; Mess up the spacing of one statement and format just that line (eglot-format on a region).
      (goto-char (point-min)) (forward-line 14)
      (delete-region (line-beginning-position) (line-end-position))
      (insert "  print( \"caller: reply \" ,hex( reply ) ) ;")
      (eglot--signal-textDocument/didChange)
      (eglot-format (line-beginning-position) (line-end-position))
      (goto-char (point-min)) (forward-line 13)
      (pen-put 'range_formatted (vconcat (split-string (buffer-substring-no-properties (line-beginning-position) (progn (forward-line 2) (line-end-position))) "\n")))
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
