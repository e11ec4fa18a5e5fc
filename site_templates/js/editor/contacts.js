/* rules.py's checks of a contact: a mobile number, a personal mail address. */
import { D } from "./data.js";
import { nfkc, pyRstrip, pyStrip } from "./pytext.js";

/** rules.phone_digits */
function phoneDigits(phone) {
  var digits = nfkc(phone).replace(/[^0-9+]/g, "");
  digits = digits.replace(/^(?:\+|00)81/, "0");
  return digits.replace(/^\++/, "");
}
function isMobilePhone(phone) { return /^(?:020|060|070|080|090)/.test(phoneDigits(phone)); }
function mailDomain(email) {
  var d = pyStrip(nfkc(email)).toLowerCase();
  d = d.slice(d.lastIndexOf("@") + 1);
  return pyRstrip(d, ".");
}
function isPersonalMail(email) {
  var domain = mailDomain(email), list = D.personalMailDomains;
  for (var i = 0; i < list.length; i++) {
    var d = list[i];
    if (domain === d || (domain.length > d.length && domain.slice(-(d.length + 1)) === "." + d)) { return true; }
  }
  return false;
}

export { isMobilePhone, isPersonalMail };
