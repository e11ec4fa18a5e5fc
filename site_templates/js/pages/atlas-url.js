/* Entry of assets/atlas-url.js: the one gate for addresses from outside the page's code
   (../url.js), as window.AtlasUrl for the scripts and inline scripts that are not
   modules (404 page, search, nearby, the editor). */
import { clean, href, id, pageUrl, params } from "../url.js";

window.AtlasUrl = { clean: clean, href: href, pageUrl: pageUrl, params: params, id: id };
