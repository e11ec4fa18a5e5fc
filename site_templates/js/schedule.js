/* The schedule part of the resource filters, shared by the district list
   (resource-filter.js) and the maps (atlas-map.js): 曜日, 時間帯 (午前・午後) and
   「今日開いている」 over RFC 5545-like rules, as generator/model/schedule.py reads them
   (tests compare the two). A rule: {freq: "weekly"|"monthly", byday: ["MO", …],
   bysetpos: [1, -1, …] (monthly: which occurrences), opens: "10:00", closes: "12:00"}.
   ES5 for older phones; bundled as assets/atlas-filter.js (window.AtlasFilter). */
var DAYS = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"];  // index = Date.getDay()

// which occurrence of its weekday `date` is in its month, and whether it is the last one
function nthOfMonth(date) {
  var last = new Date(date.getFullYear(), date.getMonth() + 1, 0).getDate();
  return { n: Math.floor((date.getDate() - 1) / 7) + 1, last: date.getDate() + 7 > last };
}

function ruleOpenOn(rule, date) {
  if (rule.byday.indexOf(DAYS[date.getDay()]) === -1) { return false; }
  if (rule.freq === "weekly" || !rule.bysetpos || !rule.bysetpos.length) { return true; }
  var nth = nthOfMonth(date);
  return rule.bysetpos.indexOf(nth.n) !== -1 || (nth.last && rule.bysetpos.indexOf(-1) !== -1);
}

// 午前: opens before noon; 午後: open after noon (a rule without hours is in neither)
function inTime(rule, time) {
  if (!rule.opens) { return false; }
  if (time === "am") { return rule.opens < "12:00"; }
  return (rule.closes || rule.opens) > "12:00";
}

function active(f) { return !!(f.day || f.time || f.today); }

// f: {day: "MO"…|"", time: "am"|"pm"|"", today: bool}. With no condition set, every
// resource matches; with one, only a resource with one rule meeting all of them (so a
// resource without rules, whose schedule is only text, does not).
function scheduleMatches(rules, f, date) {
  if (!active(f)) { return true; }
  for (var i = 0; i < rules.length; i++) {
    var r = rules[i];
    if (f.day && r.byday.indexOf(f.day) === -1) { continue; }
    if (f.time && !inTime(r, f.time)) { continue; }
    if (f.today && !ruleOpenOn(r, date || new Date())) { continue; }
    return true;
  }
  return false;
}

function hhmm(date) {
  function two(n) { return (n < 10 ? "0" : "") + n; }
  return two(date.getHours()) + ":" + two(date.getMinutes());
}

// whether a place is open at `date`: {now: open now, today: open today, hours: today's
// hours ("10:00〜12:00", 「（終わりました）」 once over), known: has rules}
function openState(rules, date) {
  var out = { now: false, today: false, hours: [], known: rules.length > 0 }, time = hhmm(date);
  for (var i = 0; i < rules.length; i++) {
    var r = rules[i];
    if (!ruleOpenOn(r, date)) { continue; }
    out.today = true;
    var over = r.closes && r.closes <= time;
    out.hours.push(r.opens ? r.opens + "〜" + (r.closes || "") + (over ? "（終わりました）" : "") : "時間は未定");
    if (r.opens && r.opens <= time && (!r.closes || time < r.closes)) { out.now = true; }
  }
  return out;
}

// a marker's short word on it, in the front door list's words; "" for a place without
// rules (its schedule is only text: nothing is said rather than a guess)
function openWords(rules, date) {
  var s = openState(rules, date);
  if (s.now) { return "いま開いています"; }
  if (s.today) { return "今日 " + s.hours.join("・"); }
  return s.known ? "今日はお休み" : "";
}

export { active, inTime, openState, openWords, ruleOpenOn, scheduleMatches };
