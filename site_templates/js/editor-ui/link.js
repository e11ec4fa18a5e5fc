/* 「この情報を直す」 on district and case pages: hands the record this page shows (the JSON
   in #atlas-record, the published data only) to the editor through localStorage, then the
   link opens the editor at ?edit=<id>. Without storage, the record goes in the URL itself
   (&data=). The editor makes the link back to this page from the record's kind and id. */
function start() {
  var data = document.getElementById("atlas-record");
  if (!data) { return; }
  function hand(e) {
    var link = e.currentTarget, record;
    try { record = JSON.parse(data.textContent); } catch (err) { return; }
    var message = { kind: link.getAttribute("data-atlas-edit"), record: record, at: new Date().getTime() };
    // the file as written (cases: editor_record.case_file), so that saving keeps its comments
    try { message.file = JSON.parse(document.getElementById("atlas-record-file").textContent); } catch (err) { /* none */ }
    try {
      window.localStorage.setItem("chiiki-atlas:editor:import", JSON.stringify(message));
    } catch (err) {
      link.href = link.href + "&data=" + encodeURIComponent(JSON.stringify(record));
    }
  }
  var links = document.querySelectorAll("a[data-atlas-edit]");
  for (var i = 0; i < links.length; i++) {
    links[i].addEventListener("click", hand);
    links[i].addEventListener("auxclick", hand);
    links[i].addEventListener("contextmenu", hand);
  }
}

export { start };
