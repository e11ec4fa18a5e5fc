/* What the editor says above the form, as DOM (text only): which record is open and where it
   came from, which earlier draft to go back to, and what to do with a record that arrived while
   another draft is open. The page decides what each answer does (page.js); nothing here
   changes a draft. */
import { clear, el } from "../dom.js";
import { isArray } from "../editor/values.js";
import { isEmpty, title } from "./drafts.js";
import { when } from "./saving.js";

/** Fills `box` with the earlier drafts `list` (newest first, at most `keep` kept), each with a
    button that calls `onRestore(i)`. */
function showDraftList(box, list, keep, onRestore) {
  clear(box);
  box.appendChild(el("p", { text: "前の下書き（新しい順、" + keep + " 件まで）。選ぶと、今の下書きはこの一覧に残ります。" }));
  var ul = el("ul");
  list.forEach(function (d, i) {
    var back = el("button", { type: "button", "class": "atlas-editor-small", "data-draft": i, text: "この下書きに戻す" });
    back.addEventListener("click", function () { onRestore(i); });
    ul.appendChild(el("li", null, ["「" + title(d.record) + "」" + when(d.at) + " ", back]));
  });
  box.appendChild(ul);
}

/** Asks in `box` about `pending` ({record, byUrl}: what arrived; null: nothing to ask, the box
    is hidden) while `record` is the open draft: `onOpen` opens what arrived, `onKeep` keeps the
    draft. One in the address itself is said to be so (any link can carry one). */
function showIncoming(box, pending, record, onOpen, onKeep) {
  clear(box);
  box.hidden = !pending;
  if (!pending) { return; }
  var draft = !isEmpty(record), incoming = pending.record;
  var size = isArray(incoming.resources) ? "（資源 " + incoming.resources.length + " 件）" : "";
  var open = el("button", { type: "button", "data-action": "open-incoming", text: "受け取った情報を開く" });
  var keep = el("button", { type: "button", "data-action": "keep-draft", text: draft ? "入力中の下書きを続ける" : "開かない" });
  box.appendChild(el("p", { text: "「" + title(incoming) + "」" + size + "の情報を" + (pending.byUrl ? "リンクのアドレスで" : "") +
    "受け取りました。" + (draft ? "このブラウザーには入力中の下書き「" + title(record) + "」があります。どちらを開きますか。" : "開きますか。") }));
  box.appendChild(el("p", { "class": "atlas-editor-help", text: (pending.byUrl ? "アドレスの中の情報は、このサイトのページからとは限りません。" : "") +
    (draft ? "受け取った情報を開いても、入力中の下書きは「前の下書きに戻す」から戻せます。" : "") }));
  box.appendChild(el("p", null, [open, " ", keep]));
  open.addEventListener("click", onOpen);
  keep.addEventListener("click", onKeep);
}

/** Says in `box` what is open: `notice` (what was to be opened could not be received), or for a
    record opened from its page (`record`) its title, the link back (`page`: made by the page
    from the record's kind and id, never taken from the address; none when null) and, for a
    district, how its approximate places are kept. Hidden when there is neither. */
function showOpened(box, notice, record, page, kind) {
  clear(box);
  box.hidden = !(record || notice);
  if (notice) { box.appendChild(document.createTextNode(notice)); return; }
  if (!record) { return; }
  box.appendChild(document.createTextNode("サイトの「" + title(record) + "」を直しています。"));
  if (page) {
    box.appendChild(document.createTextNode(" "));
    box.appendChild(el("a", { href: page, text: "もとのページ" }));
  }
  if (kind === "district") {
    box.appendChild(document.createTextNode("（「おおよその位置」の資源の位置は、公開している約1km単位の位置のまま保存されます）"));
  }
}

export { showDraftList, showIncoming, showOpened };
