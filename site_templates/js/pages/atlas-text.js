/* Entry of assets/atlas-text.js: window.AtlasText.normalise for the scripts that are not modules
   (the bundled ones import text/normalise.js themselves). */
import { normalise } from "../text/normalise.js";

window.AtlasText = { normalise: normalise };
