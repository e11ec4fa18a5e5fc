/* The editor's data: window.ATLAS_EDITOR_DATA (editor/data.js, written by
   generator/render/editor.py), read once when the bundle starts. Every module that needs it
   imports D from here. */
var D = window.ATLAS_EDITOR_DATA;

export { D };
