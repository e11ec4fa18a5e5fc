/* search_shards.gram_hash: which file a piece of text is in (its hash % the number of files),
   for the site search's shards and the place box's name files alike. Pure; the shared tables
   tests/data/search_text.json and place_names.json run it against Python. */

function hash(s) {
  var h = 0;
  for (var i = 0; i < s.length; i++) { h = (h * 31 + s.charCodeAt(i)) >>> 0; }
  return h;
}

export { hash };
