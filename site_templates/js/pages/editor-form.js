/* Entry of assets/editor-form.js: the editor's form (../editor-ui/form.js) and its record
   helpers, as window.AtlasEditorForm for the page script (editor.js) and the grid. */
import { el } from "../dom.js";
import { Form } from "../editor-ui/form.js";
import { get, parseNumber, put } from "../editor-ui/record.js";

window.AtlasEditorForm = { Form: Form, get: get, put: put, parseNumber: parseNumber, el: el };
