/* Entry of assets/nearby.js: the front door (home and municipality pages), 「近くの場所」 and
   「いま開いている場所・今日の場所」 from a point (near/), and for every page that loads it:
   window.AtlasNear (names(query, limit, root, done) for the search page's place names, and the
   pure parts for the shared table tests/data/place_names.json), window.AtlasNearNames and
   window.AtlasNearBoxes (called by the data files search/near/*.js). */
import { KINDS, addFile, described, hash, lookup, matchClass, pieceOf } from "../near/names.js";
import { start } from "../near/page.js";
import { addBoxes } from "../near/places.js";

window.AtlasNearNames = addFile;
window.AtlasNear = { names: lookup, kinds: KINDS, described: described, pieceOf: pieceOf, hash: hash,
                     matchClass: matchClass };
window.AtlasNearBoxes = addBoxes;
start();
