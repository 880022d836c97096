// The newsroom's Markdown body: CodeMirror 6 (@uiw/react-codemirror with @codemirror/lang-markdown), loaded on its
// own chunk when an item is opened (never on the login page). Its content element carries the field's name and hint
// (aria-labelledby, aria-describedby), wraps long lines (Chinese text has no spaces to break at), shows line numbers
// (the checks name a body line) and is read-only, still focusable, when the item may not be edited. Tab moves the
// focus on (it does not indent), so the keyboard never gets stuck in it.
// Styles: CodeMirror's own are written by style-mod into a <style> element in <head> (for a document it does so in
// every browser; adoptedStyleSheets only for a shadow root), which the staff pages' CSP (style-src 'self') refuses
// unless it carries the index response's nonce: the server puts a new one in <meta property="csp-nonce"> and the
// policy, and EditorView.cspNonce gives it to style-mod. The look (size, font, border, focus ring, colours) is in
// styles.css, so the editor stays usable where that <style> is refused all the same (a browser without nonces).
import { markdownKeymap, markdownLanguage } from '@codemirror/lang-markdown'
import { EditorSelection, Prec } from '@codemirror/state'
import { EditorView, keymap } from '@codemirror/view'
import CodeMirror, { type BasicSetupOptions, type ReactCodeMirrorRef } from '@uiw/react-codemirror'
import { forwardRef, useCallback, useImperativeHandle, useMemo, useRef } from 'react'

export interface MarkdownEditorHandle {
  /**
   * Puts text at the cursor (the end of the body when the editor has not had the focus since it was loaded): `make`
   * gets the text before and after that place and gives what to insert. The cursor ends after it.
   */
  insert(make: (before: string, after: string) => string): void
  focus(): void
}

export interface MarkdownEditorProps {
  value: string
  onChange: (value: string) => void
  /** The id of the element naming the field (its label) */
  labelledBy: string
  /** The id of its hint */
  describedBy?: string
  readOnly?: boolean
  invalid?: boolean
}

const SETUP: BasicSetupOptions = {
  lineNumbers: true,
  highlightActiveLineGutter: true,
  highlightSpecialChars: true,
  history: true,
  foldGutter: false,
  drawSelection: true,
  dropCursor: true,
  allowMultipleSelections: false,
  indentOnInput: false,
  syntaxHighlighting: true,
  bracketMatching: false,
  closeBrackets: false,
  autocompletion: false,
  rectangularSelection: false,
  crosshairCursor: false,
  highlightActiveLine: true,
  highlightSelectionMatches: false,
  closeBracketsKeymap: false,
  searchKeymap: true,
  foldKeymap: false,
  completionKeymap: false,
  lintKeymap: false,
}

/** The nonce of this page's response (hidden from attributes by the browser, readable as the element's .nonce). */
const CSP_NONCE = document.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]')?.nonce ?? ''

const MarkdownEditor = forwardRef<MarkdownEditorHandle, MarkdownEditorProps>(function MarkdownEditor(
  { value, onChange, labelledBy, describedBy, readOnly = false, invalid = false },
  ref,
) {
  const editor = useRef<ReactCodeMirrorRef>(null)
  // Whether the cursor was placed by the user (a focus since the body was last replaced from outside)
  const placed = useRef(false)
  const changed = useRef(onChange)
  changed.current = onChange

  const extensions = useMemo(
    () => [
      // The Markdown language (with GFM) and its keys (Enter continues a list or a > quote), without markdown()'s
      // HTML, CSS and JavaScript support for embedded code (about 100 kB gzip more)
      markdownLanguage,
      Prec.high(keymap.of(markdownKeymap)),
      EditorView.lineWrapping,
      EditorView.cspNonce.of(CSP_NONCE),
      EditorView.contentAttributes.of({
        'aria-labelledby': labelledBy,
        ...(describedBy ? { 'aria-describedby': describedBy } : {}),
        ...(invalid ? { 'aria-invalid': 'true' } : {}),
        // Read-only (CodeMirror says aria-readonly and makes it contenteditable=false): still reached with Tab
        ...(readOnly ? { tabindex: '0' } : {}),
      }),
      EditorView.domEventHandlers({
        focus: () => {
          placed.current = true
        },
      }),
      EditorView.updateListener.of((update) => {
        // A body replaced from outside (an item loaded): the cursor is not the user's any more
        if (
          update.docChanged &&
          update.transactions.some((tr) => !tr.isUserEvent('input') && !tr.isUserEvent('delete'))
        ) {
          if (!update.view.hasFocus) placed.current = false
        }
      }),
    ],
    [labelledBy, describedBy, invalid, readOnly],
  )

  const change = useCallback((next: string) => changed.current(next), [])

  useImperativeHandle(
    ref,
    () => ({
      insert(make) {
        const view = editor.current?.view
        if (!view) return
        const { from, to } = placed.current
          ? view.state.selection.main
          : { from: view.state.doc.length, to: view.state.doc.length }
        const text = make(view.state.doc.sliceString(0, from), view.state.doc.sliceString(to))
        view.dispatch({
          changes: { from, to, insert: text },
          selection: EditorSelection.cursor(from + text.length),
          scrollIntoView: true,
          userEvent: 'input',
        })
        placed.current = true
      },
      focus() {
        editor.current?.view?.focus()
      },
    }),
    [],
  )

  return (
    <CodeMirror
      ref={editor}
      className={`body-editor${invalid ? ' invalid' : ''}${readOnly ? ' readonly' : ''}`}
      value={value}
      onChange={change}
      theme='none'
      basicSetup={SETUP}
      indentWithTab={false}
      editable={!readOnly}
      readOnly={readOnly}
      extensions={extensions}
    />
  )
})

export default MarkdownEditor
