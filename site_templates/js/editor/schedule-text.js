/* importers/hours.py suggested_rules: a schedule typed as one line → rules, for the
   suggestion under the schedule's text (tests/data/schedule_text.json runs this port and
   the Python function), and schedule.schedule_ja (a rule in plain Japanese). */
import { D } from "./data.js";
import { WS, codePoints, digitValue, nfkc, pyStrip } from "./pytext.js";
import { contains, has, isArray, keys } from "./values.js";

// ------------------------------------------------------------ importers/hours.py suggested_rules
// A schedule typed as one line → rules, for the suggestion under the schedule's text. The
// same table (tests/data/schedule_text.json) runs through this port and the Python function.
var H_DIGIT = "(?:" + D.digit + ")", H_DASH = "~\u301c\\-\u2010\u30fc\u2212\u2015", H_DAYS = "\u6708\u706b\u6c34\u6728\u91d1\u571f\u65e5";
var H_DAY_OF = { "\u6708": "MO", "\u706b": "TU", "\u6c34": "WE", "\u6728": "TH", "\u91d1": "FR", "\u571f": "SA", "\u65e5": "SU" };
var WEEK = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];
var H_TIME = "(?:\u5348\u524d|\u5348\u5f8c)?" + H_DIGIT + "{1,2}(?:[:\uff1a]" + H_DIGIT + "{2}|\u6642(?:" + H_DIGIT + "{1,2}\u5206?)?)";
var H_SPAN = new RegExp("^(" + H_TIME + ")" + WS + "*[" + H_DASH + "]" + WS + "*(" + H_TIME + ")$");
var H_OPEN_END = new RegExp("^(" + H_TIME + ")[" + H_DASH + "]?$");
var H_FIRST_TIME = new RegExp("(?:\u5348\u524d|\u5348\u5f8c)?" + H_DIGIT + "{1,2}(?:[:\uff1a]|\u6642)|\u7d42\u65e5|24\u6642\u9593");
var H_TIME_OF = new RegExp("^(\u5348\u524d|\u5348\u5f8c)?(" + H_DIGIT + "{1,2})(?:[:\uff1a\u6642](" + H_DIGIT + "{1,2})?\u5206?(?::" + H_DIGIT + "{2})?)?$");
var H_NTH = new RegExp("^(?:\u6bce\u6708|\u6708\u306e|\u6bce\u6708\u306e)?\u7b2c([1-5](?:\\|[1-5])*)\u9031?\u306e?([" + H_DAYS + "])\u66dc?$");
var H_DAY = "[" + H_DAYS + "]\u66dc?(?:[" + H_DASH + "][" + H_DAYS + "]\u66dc?)?";
var H_COMPACT = new RegExp("^(?:" + H_DAY + ")+$"), H_RANGE = new RegExp("([" + H_DAYS + "])\u66dc?(?:[" + H_DASH + "]([" + H_DAYS + "])\u66dc?)?", "g");
var H_SEP = new RegExp("(?:[,\u3001\uff0c\u30fb/\uff0f;\uff1b]|" + WS + ")+");
var H_HOLIDAY = ["\u795d\u65e5", "\u795d\u796d\u65e5", "\u795d\u4f11\u65e5", "\u796d\u65e5", "\u795d"];
var H_EVERY_DAY = ["\u6bce\u65e5", "\u5168\u65e5", "\u5e74\u4e2d\u7121\u4f11", "\u7121\u4f11", "\u5168\u66dc\u65e5"];
var H_ALL_DAY = ["\u7d42\u65e5", "24\u6642\u9593", "24\u6642\u9593\u55b6\u696d", "24\u6642\u9593\u5229\u7528\u53ef", "24\u6642\u9593\u5229\u7528\u53ef\u80fd", "24\u6642\u9593\u5bfe\u5fdc"];
function BadValue() {}
function digitsValue(text) { var n = 0, cps = codePoints(text); for (var i = 0; i < cps.length; i++) { n = n * 10 + digitValue(cps[i]); } return n; }
/** hours._norm (cells.nfkc strips; 曜日 → 曜; no spaces around a range mark) */
function hoursNorm(value) {
  return pyStrip(nfkc(value || "")).split("\u66dc\u65e5").join("\u66dc")
    .replace(new RegExp(WS + "*([" + H_DASH + "])" + WS + "*", "g"), "$1");
}
/** cells.time_of */
function timeOf(value) {
  var t = pyStrip(nfkc(value || "")).split(" ").join("");
  var m = H_TIME_OF.exec(t);
  if (!m) { throw new BadValue(); }
  var hour = digitsValue(m[2]), minute = m[3] ? digitsValue(m[3]) : 0;
  if (m[1] === "\u5348\u5f8c" && hour < 12) { hour += 12; }
  if (hour > 23 || minute > 59) { throw new BadValue(); }
  return (hour < 10 ? "0" : "") + hour + ":" + (minute < 10 ? "0" : "") + minute;
}
/** hours.day_list (a day list, not a closed-days cell): {days, nth} or null when empty */
function dayList(value) {
  var t = hoursNorm(value);
  if (!t) { return null; }
  var out = { days: {}, nth: {} }, tokens, i, k;
  t = t.replace(new RegExp("(" + H_DIGIT + ")" + WS + "*[\u30fb\u3001,\uff0c]" + WS + "*\u7b2c?(?=" + H_DIGIT + ")", "g"), "$1|");
  tokens = t.split(H_SEP);
  for (i = 0; i < tokens.length; i++) {
    var token = tokens[i], nth = token ? H_NTH.exec(token) : null;
    if (!token) { continue; }
    if (nth) {
      var day = H_DAY_OF[nth[2]], ns = nth[1].split("|");
      out.nth[day] = out.nth[day] || {};
      for (k = 0; k < ns.length; k++) { out.nth[day][ns[k]] = true; }
      continue;
    }
    if (contains(H_EVERY_DAY, token)) { for (k = 0; k < 7; k++) { out.days[WEEK[k]] = true; } continue; }
    if (token === "\u5e73\u65e5") { for (k = 0; k < 5; k++) { out.days[WEEK[k]] = true; } continue; }
    if (contains(H_HOLIDAY, token)) { continue; }
    var stem = token;
    for (k = 0; k < H_HOLIDAY.length; k++) {
      var w = H_HOLIDAY[k];
      if (stem.length > w.length && stem.slice(-w.length) === w) { stem = stem.slice(0, -w.length); break; }
    }
    if (!H_COMPACT.test(stem)) { throw new BadValue(); }
    stem.replace(H_RANGE, function (all, a, b) {
      var first = indexOfDay(a), last = b ? indexOfDay(b) : first, d;
      if (last >= first) { for (d = first; d <= last; d++) { out.days[WEEK[d]] = true; } } else {
        for (d = first; d < 7; d++) { out.days[WEEK[d]] = true; }
        for (d = 0; d <= last; d++) { out.days[WEEK[d]] = true; }
      }
      return all;
    });
  }
  return out;
}
function indexOfDay(ch) { for (var i = 0; i < 7; i++) { if (WEEK[i] === H_DAY_OF[ch]) { return i; } } return -1; }
/** hours.suggested_rules */
function suggestRules(text) {
  var t = hoursNorm(text).split("\u6642\u534a").join("\u6642" + "30\u5206");
  t = t.replace(/(?:\u304b\u3089|\u3088\u308a)/g, "~").replace(/\u66dc\u3068/g, "\u66dc\u30fb").replace(/\u6bce\u9031\u306e?/g, " ");
  t = pyStrip(t);
  var rules = [], clauses, i, j, d;
  var split = new RegExp("(?:[,\u3001\uff0c/\uff0f;\uff1b\\n]|" + WS + ")+(?=[" + H_DAYS + "\u5e73\u6bce\u7b2c])");
  try {
    clauses = t.split(split);
    for (i = 0; i < clauses.length; i++) {
      var clause = pyStrip(clauses[i]);
      if (!clause) { continue; }
      var first = H_FIRST_TIME.exec(clause), cut = first ? first.index : clause.length;
      var days = dayList(pyStrip(clause.slice(0, cut)));
      if (!days) { return []; }
      var parts = clause.slice(cut).split(new RegExp("(?:[,\u3001\uff0c/\uff0f;\uff1b]|" + WS + ")+")), spans = [];
      for (j = 0; j < parts.length; j++) {
        var part = parts[j], whole, start;
        if (!part) { continue; }
        if (contains(H_ALL_DAY, part)) { spans.push(["00:00", "23:59"]); }
        else if ((whole = H_SPAN.exec(part))) { spans.push([timeOf(whole[1]), timeOf(whole[2])]); }
        else if ((start = H_OPEN_END.exec(part))) { spans.push([timeOf(start[1]), null]); }
        else { return []; }
      }
      for (j = 0; j < spans.length; j++) { if (spans[j][1] !== null && spans[j][1] <= spans[j][0]) { return []; } }
      var sets = [["weekly", [], []]], monthly = {}, order = [];
      for (d = 0; d < 7; d++) {
        var day = WEEK[d];
        if (has(days.nth, day)) {
          var pos = keys(days.nth[day]).map(Number).sort(function (a, b) { return a - b; }), key = pos.join(",");
          if (!has(monthly, key)) { monthly[key] = ["monthly", [], pos]; order.push(key); }
          monthly[key][1].push(day);
        } else if (has(days.days, day)) { sets[0][1].push(day); }
      }
      for (j = 0; j < order.length; j++) { sets.push(monthly[order[j]]); }
      for (j = 0; j < sets.length; j++) {
        if (!sets[j][1].length) { continue; }
        var each = spans.length ? spans : [[null, null]];
        for (var s = 0; s < each.length; s++) {
          var rule = { freq: sets[j][0], byday: sets[j][1] };
          if (sets[j][2].length) { rule.bysetpos = sets[j][2]; }
          if (each[s][0]) { rule.opens = each[s][0]; }
          if (each[s][1]) { rule.closes = each[s][1]; }
          rules.push(rule);
        }
      }
    }
  } catch (err) {
    if (err instanceof BadValue) { return []; }
    throw err;
  }
  return rules;
}
var DAY_JA = { MO: "\u6708", TU: "\u706b", WE: "\u6c34", TH: "\u6728", FR: "\u91d1", SA: "\u571f", SU: "\u65e5" };
/** schedule.schedule_ja: one rule in plain Japanese (毎月 第1・第3 日曜 10:00〜12:00) */
function ruleJa(rule) {
  var days = (isArray(rule.byday) ? rule.byday : []).map(function (d) { return DAY_JA[d] || String(d); }).join("\u30fb") + "\u66dc";
  var text = rule.freq === "monthly" && isArray(rule.bysetpos) && rule.bysetpos.length
    ? "\u6bce\u6708 " + rule.bysetpos.map(function (n) { return n === -1 ? "\u6700\u7d42" : "\u7b2c" + n; }).join("\u30fb") + " " + days
    : "\u6bce\u9031 " + days;
  if (rule.opens) { text += " " + rule.opens + "\u301c" + (rule.closes || ""); }
  return text;
}

export { ruleJa, suggestRules };
