/* Imported first by a test of the editor's modules (site_templates/js/editor/): their data
   module reads window.ATLAS_EDITOR_DATA when it is evaluated, as in the page, where
   editor/data.js comes before the bundle. ES modules are evaluated in the order they are
   imported, so the modules imported after this one find the data. */
import browser from "./browser.js";

globalThis.window = { ATLAS_EDITOR_DATA: browser.editorData() };
