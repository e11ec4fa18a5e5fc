/* Entry of assets/editor-map.js: the editor's location picker, as window.AtlasEditorMap for
   the form. */
import { close, toggle } from "../editor-ui/map.js";

window.AtlasEditorMap = { toggle: toggle, close: close };
