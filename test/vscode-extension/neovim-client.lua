-- Drives neovim 0.7's built-in LSP client against the penglaic server (run by
-- neovim-editor-end-to-end.test.ts): open the file, collect diagnostics, hover, fold, ask for inlay
-- hints, jump to a type definition and a declaration, fix the error, format a range, complete
-- after a handle's `.`, list incoming and outgoing calls and workspace symbols, and write what it
-- saw as JSON to $PEN_OUT.
local server = os.getenv('PEN_SERVER')
local file = os.getenv('PEN_FILE')
local out = os.getenv('PEN_OUT')
local report = { steps = {} }

local function save()
  local f = io.open(out, 'w')
  f:write(vim.fn.json_encode(report))
  f:close()
end

local function diagnostics_of(buf)
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local code = d.code
    if code == nil and d.user_data and d.user_data.lsp then code = d.user_data.lsp.code end
    table.insert(list, { lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col, code = code, message = d.message })
  end
  return list
end

local ok, err = pcall(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  vim.bo[buf].filetype = 'penglai'
  local client_id = vim.lsp.start_client({
    name = 'penglaic',
    cmd = { 'node', server, '--stdio' },
    root_dir = vim.fn.fnamemodify(file, ':h'),
  })
  table.insert(report.steps, 'started')
  vim.lsp.buf_attach_client(buf, client_id)
  local client = vim.lsp.get_client_by_id(client_id)
  vim.wait(20000, function() return #vim.diagnostic.get(buf) > 0 end, 20)
  report.diagnostics = diagnostics_of(buf)

  local uri = vim.uri_from_bufnr(buf)
  local hover = client.request_sync('textDocument/hover', { textDocument = { uri = uri }, position = { line = 13, character = 24 } }, 10000, buf)
  report.hover = hover and hover.result and hover.result.contents.value or vim.NIL

  -- Inlay hints and folding ranges. Neovim 0.7 neither asks for nor shows either (its client
  -- capabilities say so, recorded below); the requests go through its LSP client all the same,
  -- and the folds are made with `:fold`, so neovim itself shows what folding them would hide.
  local line_count = vim.api.nvim_buf_line_count(buf)
  local hints = client.request_sync('textDocument/inlayHint', { textDocument = { uri = uri }, range = { start = { line = 0, character = 0 }, ['end'] = { line = line_count, character = 0 } } }, 10000, buf)
  report.inlay_hints = {}
  for _, h in ipairs(hints and hints.result or {}) do table.insert(report.inlay_hints, string.format('%d:%d %s', h.position.line, h.position.character, h.label)) end
  local folds = client.request_sync('textDocument/foldingRange', { textDocument = { uri = uri } }, 10000, buf)
  report.folding_ranges = {}
  vim.wo.foldmethod = 'manual'
  for _, f in ipairs(folds and folds.result or {}) do
    table.insert(report.folding_ranges, string.format('%d-%d %s', f.startLine, f.endLine, f.kind or 'code'))
    vim.cmd(string.format('%d,%dfold', f.startLine + 1, f.endLine + 1))
  end
  vim.cmd('normal! zM')
  report.visible_when_folded = {}
  for l = 1, line_count do
    local first = vim.fn.foldclosed(l)
    if first == -1 or first == l then table.insert(report.visible_when_folded, l) end
  end
  vim.cmd('normal! zR')
  local native = vim.lsp.protocol.make_client_capabilities().textDocument
  report.client_asks = { hover = native.hover ~= nil, inlay_hint = native.inlayHint ~= nil, folding_range = native.foldingRange ~= nil }
  report.server_announced = { inlay_hint = client.server_capabilities.inlayHintProvider == true, folding_range = client.server_capabilities.foldingRangeProvider == true }

  -- Neovim's own commands: go to the type definition and to the declaration of `adder`.
  local function jump(command)
    vim.api.nvim_win_set_cursor(0, { 14, 16 })
    command()
    vim.wait(10000, function() return vim.api.nvim_win_get_cursor(0)[1] ~= 14 end, 20)
    return vim.api.nvim_win_get_cursor(0)
  end
  report.type_definition = jump(vim.lsp.buf.type_definition)
  report.declaration = jump(vim.lsp.buf.declaration)

  -- Fix the call (drop `, 1`) and wait until the server clears the diagnostics.
  local line = vim.api.nvim_buf_get_lines(buf, 13, 14, false)[1]
  local at = string.find(line, ', 1)', 1, true)
  vim.api.nvim_buf_set_text(buf, 13, at - 1, 13, at + 2, { '' })
  vim.wait(20000, function() return #vim.diagnostic.get(buf) == 0 end, 20)
  report.after_fix = diagnostics_of(buf)
  report.fixed_line = vim.api.nvim_buf_get_lines(buf, 13, 14, false)[1]

  -- Mess up the spacing of one statement and format just that line with neovim's range formatting.
  local tidy = vim.api.nvim_buf_get_lines(buf, 14, 15, false)[1]
  vim.api.nvim_buf_set_lines(buf, 14, 15, false, { '  print( "caller: reply " ,hex( reply ) ) ;' })
  vim.lsp.buf.range_formatting({}, { 15, 0 }, { 15, 10 })
  vim.wait(10000, function() return vim.api.nvim_buf_get_lines(buf, 14, 15, false)[1] == tidy end, 20)
  report.range_formatted = vim.api.nvim_buf_get_lines(buf, 13, 16, false)

  -- Type `adder.` on a new line and ask for completion right after the dot.
  vim.api.nvim_buf_set_lines(buf, 14, 14, false, { '    adder.' })
  local completion = client.request_sync('textDocument/completion', { textDocument = { uri = uri }, position = { line = 14, character = 10 } }, 10000, buf)
  local labels = {}
  local items = completion and completion.result or {}
  if items.items then items = items.items end
  for _, item in ipairs(items) do table.insert(labels, item.label .. ' ' .. (item.detail or '')) end
  report.completion = labels

  -- Call hierarchy and workspace symbols through the client's own commands, which fill the
  -- quickfix list. other.pen (not open) calls add_two too: the server indexed the folder.
  local function quickfix_after(run)
    vim.fn.setqflist({}, 'r')
    run()
    vim.wait(10000, function() return #vim.fn.getqflist() > 0 end, 20)
    local items = {}
    for _, q in ipairs(vim.fn.getqflist()) do
      table.insert(items, string.format('%s:%d:%d %s', vim.fn.fnamemodify(vim.fn.bufname(q.bufnr), ':t'), q.lnum, q.col, q.text))
    end
    vim.cmd('cclose')
    vim.api.nvim_set_current_win(vim.fn.bufwinid(buf))
    return items
  end
  vim.api.nvim_win_set_cursor(0, { 5, 6 })
  report.incoming_calls = quickfix_after(vim.lsp.buf.incoming_calls)
  vim.api.nvim_win_set_cursor(0, { 12, 6 })
  report.outgoing_calls = quickfix_after(vim.lsp.buf.outgoing_calls)
  local prepared = client.request_sync('textDocument/prepareCallHierarchy', { textDocument = { uri = uri }, position = { line = 11, character = 6 } }, 10000, buf)
  local outgoing = client.request_sync('callHierarchy/outgoingCalls', { item = prepared.result[1] }, 10000, buf)
  report.outgoing_details = {}
  for _, call in ipairs(outgoing.result) do table.insert(report.outgoing_details, call.to.name .. ' ' .. call.to.detail) end
  report.workspace_symbols = quickfix_after(function() vim.lsp.buf.workspace_symbol('main') end)
  vim.lsp.stop_client(client_id)
end)
if not ok then report.error = tostring(err) end
save()
vim.cmd('qa!')
