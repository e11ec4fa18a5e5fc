/* The editor's checks, the other bundle of the editor page: assets/editor-core.js (loaded
   first) puts them on window.AtlasEditorCore, and the editor's other scripts use that one
   copy (with the page's data, C.data) instead of bundling the checker again. */
var C = window.AtlasEditorCore;

export { C };
