/* Plain JSON values: what a value is, and its own keys (no page data). */
var hasOwn = Object.prototype.hasOwnProperty;

function has(obj, key) { return obj !== null && typeof obj === "object" && hasOwn.call(obj, key); }
function isArray(v) { return Object.prototype.toString.call(v) === "[object Array]"; }
function isDict(v) { return v !== null && typeof v === "object" && !isArray(v); }
function isStr(v) { return typeof v === "string"; }
function isNum(v) { return typeof v === "number"; }
function keys(obj) { var out = []; for (var k in obj) { if (hasOwn.call(obj, k)) { out.push(k); } } return out; }
function contains(list, value) { for (var i = 0; i < list.length; i++) { if (list[i] === value) { return true; } } return false; }

export { contains, has, hasOwn, isArray, isDict, isNum, isStr, keys };
