/* Dates: schema_check.date_reason (why a text is no date), today, and
   freshness.months_since. */
/** schema_check.date_reason */
function dateReason(value, partial) {
  var m = (partial ? /^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$/ : /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/).exec(value);
  if (!m) { return "日付の書き方ではありません"; }
  var year = parseInt(m[1], 10), month = m[2] ? parseInt(m[2], 10) : null, day = m[3] ? parseInt(m[3], 10) : null;
  if (year === 0) { return "0 年という年はありません（0001 年から）"; }
  if (month !== null && (month < 1 || month > 12)) { return month + " 月という月はありません"; }
  if (day !== null) {
    var leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
    var last = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
    if (day < 1 || day > last) { return year + " 年 " + month + " 月は " + last + " 日までです"; }
  }
  return null;
}
function isoDate(text) {
  var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text || "");
  if (!m) { return null; }
  var y = +m[1], mo = +m[2], d = +m[3], days = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > days[mo - 1]) { return null; }
  return { y: y, m: mo, d: d };
}
function today() {
  var now = new Date();
  return { y: now.getFullYear(), m: now.getMonth() + 1, d: now.getDate() };
}
function isoText(t) {
  return t.y + "-" + (t.m < 10 ? "0" : "") + t.m + "-" + (t.d < 10 ? "0" : "") + t.d;
}
function dateAfter(a, b) { return a.y !== b.y ? a.y > b.y : (a.m !== b.m ? a.m > b.m : a.d > b.d); }
function todayText() { return isoText(today()); }
/** freshness.months_since */
function monthsSince(text, now) {
  var d = isoDate(text);
  if (!d) { return null; }
  return (now.y - d.y) * 12 + (now.m - d.m) - (now.d < d.d ? 1 : 0);
}

export { dateAfter, dateReason, isoDate, isoText, monthsSince, today, todayText };
