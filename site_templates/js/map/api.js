/* The map the entry hands out as window.AtlasMap.map (the last one drawn) and whether it is
   still loading points (national map). */
var api = { map: null, busy: function () { return false; } };

export { api };
