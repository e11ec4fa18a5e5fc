/* Entry of assets/mylist.js: マイリスト — pick resources on district pages (a button on each
   row), keep them with a note in localStorage (../mylist/store.js: the stored list is
   untrusted), show and print them on the マイリスト page. window.AtlasMyList is what the
   maps' popups use (atlas-map.js). */
import { bring } from "../mylist/details.js";
import { button, listLink, refresh, rowButtons } from "../mylist/buttons.js";
import { start } from "../mylist/page.js";
import { available, has, load, toggle } from "../mylist/store.js";

window.AtlasMyList = { available: available(), has: function (id) { return has(load(), id) !== -1; },
                       toggle: toggle, button: button, listLink: listLink, refresh: refresh, bring: bring };
rowButtons();
start();
