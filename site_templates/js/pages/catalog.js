/* Entry of assets/catalog.js: the case catalog's filters. */
import { start } from "../catalog/filters.js";

start();
