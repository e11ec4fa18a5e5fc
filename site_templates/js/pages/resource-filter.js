/* Entry of assets/resource-filter.js: the district resource list's filters and 「表示中の資源を
   保存」 (../resource-filter/). */
import { start } from "../resource-filter/filter.js";

start();
