/* Entry of assets/editor-link.js: 「この情報を直す」 on district and case pages. */
import { start } from "../editor-ui/link.js";

start();
