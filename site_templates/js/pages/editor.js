/* Entry of assets/editor.js: the editor page (../editor-ui/page.js), after editor-core.js,
   editor-form.js and, for districts, editor-map.js and editor-grid.js. */
import { start } from "../editor-ui/page.js";

start();
