/* Sets of document numbers: sorted arrays, or ALL (a word too common to narrow anything), and
   their encoding in the index files (search_shards.encode: delta varints). Pure. */

var ALL = null;

var DIGIT = {};
(function () {
  var a = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";
  for (var i = 0; i < a.length; i++) { DIGIT[a.charCodeAt(i)] = i; }
})();

// sorted document numbers from their delta varints (search_shards.encode)
function decode(text) {
  var ids = [], prev = -1, value = 0, run = false;
  for (var i = 0; i < text.length; i++) {
    var d = DIGIT[text.charCodeAt(i)];
    if (d >= 32) { value = value * 32 + d - 32; continue; }
    value = value * 32 + d;
    if (run) {
      for (var k = 0; k < value; k++) { ids.push(++prev); }
      run = false;
    } else if (value === 0) {
      run = true;
    } else {
      prev += value;
      ids.push(prev);
    }
    value = 0;
  }
  return ids;
}

function intersect(a, b) {
  if (a === ALL) { return b; }
  if (b === ALL) { return a; }
  var out = [], i = 0, j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] < b[j]) { i++; } else if (a[i] > b[j]) { j++; } else { out.push(a[i]); i++; j++; }
  }
  return out;
}

function union(a, b) {
  if (a === ALL || b === ALL) { return ALL; }
  var out = [], i = 0, j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i] < b[j])) { out.push(a[i++]); }
    else if (i >= a.length || b[j] < a[i]) { out.push(b[j++]); }
    else { out.push(a[i]); i++; j++; }
  }
  return out;
}

function minus(a, b) {
  var out = [], j = 0;
  for (var i = 0; i < a.length; i++) {
    while (j < b.length && b[j] < a[i]) { j++; }
    if (j >= b.length || b[j] !== a[i]) { out.push(a[i]); }
  }
  return out;
}

export { ALL, decode, intersect, minus, union };
