/* Entry of assets/editor-grid.js: the worksheet grid as an editor, as window.AtlasEditorGrid
   for the page script. */
import { Grid, lanesOf } from "../editor-ui/grid.js";

window.AtlasEditorGrid = { Grid: Grid, lanesOf: lanesOf };
