/* The municipality codes of the data (generator/model/municipalities.py): by code, by
   name, and the check digit. */
import { D } from "./data.js";
import { codePoints, digitValue } from "./pytext.js";
import { keys } from "./values.js";

// ------------------------------------------------------------ municipalities
var MUNI = {}, MUNI_ORDER = [];
(function () {
  var prefs = keys(D.municipalities);
  for (var i = 0; i < prefs.length; i++) {
    var rows = D.municipalities[prefs[i]];
    for (var j = 0; j < rows.length; j++) {
      var m = { code: rows[j][0], prefecture: prefs[i], name: rows[j][1], lat: rows[j][2], lon: rows[j][3] };
      MUNI[m.code] = m;
      MUNI_ORDER.push(m);
    }
  }
  MUNI_ORDER.sort(function (a, b) { return a.code < b.code ? -1 : 1; });
})();
function findByName(text) {
  var out = [];
  for (var i = 0; i < MUNI_ORDER.length; i++) {
    var m = MUNI_ORDER[i];
    if (text === m.name || text === m.prefecture + m.name) { out.push(m); }
  }
  return out;
}
var PY_DIGIT = new RegExp("^" + D.digit + "$");  // Python's \d
/** municipalities.check_digit_ok (digits of any script, as str.isdigit and int() read them) */
function checkDigitOk(code) {
  var cps = codePoints(code);
  if (cps.length !== 6) { return false; }
  for (var i = 0; i < 6; i++) { if (!PY_DIGIT.test(cps[i])) { return false; } }
  var total = 0, weights = [6, 5, 4, 3, 2];
  for (var k = 0; k < 5; k++) { total += digitValue(cps[k]) * weights[k]; }
  return digitValue(cps[5]) === (11 - total % 11) % 10;
}

export { MUNI, MUNI_ORDER, checkDigitOk, findByName };
