/* Entry of assets/search.js: the site search (search/): substring matching over the documents
   of window.ATLAS_SEARCH (generator/render/search.py), a large site's index loaded in pieces
   (generator/render/search_shards.py). window.AtlasSearchText: the text rules on every page that
   loads it (the node tests import search/text.js itself). */
import { start } from "../search/page.js";
import { gramsOf, hash, normalise, terms } from "../search/text.js";

window.AtlasSearchText = { normalise: normalise, terms: terms, gramsOf: gramsOf, hash: hash };
start();
