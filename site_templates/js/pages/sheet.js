/* Entry of assets/sheet.js: worksheets and check-sheets (paper size, print date, ticks and
   notes). */
import { start as checks } from "../print/checks.js";
import { start as paper } from "../print/paper.js";

paper();
checks();
