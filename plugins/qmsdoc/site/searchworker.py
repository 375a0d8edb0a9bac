"""Material's search worker, corrected in the built site: Chinese query segmentation, and the exact control
number first.

Material cuts the Chinese part of a query into words it finds in the search index (`segment()` in its
worker). Its loop never tries the whole query as one word (`for j < query.length`), so a two-character
query such as 请假 becomes 请 alone and every page containing 请 matches. jieba has already put 请假 into
the index as one word; only the query side is wrong, and Material offers no option or hook for it.

After the site is written, the worker file in the site (a copy qmsdoc's build just wrote) gets a
replacement for that one function, which cuts the query into words of the index as jieba cut the pages.
The function is found by its shape, not by its minified name; if a Material release changes the shape,
the site keeps Material's own worker and the build says so. In front of the worker goes the promotion of the
result whose control number is the query (see _PROMOTE)."""

from __future__ import annotations

import re
from pathlib import Path

from ..core.sourcefile import write_atomic

WORKERS = "assets/javascripts/workers"
MARK = "/*qmsdoc:segment*/"

# Material 9.x, minified: function fe(t,e){let r=new Set,n=new Uint16Array(t.length);…return r.has("")?new
# Set([t]):r}. Names vary between releases; the shape is what is matched.
_SEGMENT = re.compile(
    r'function ([\w$]+)\(([\w$]+),([\w$]+)\)\{let [\w$]+=new Set,[\w$]+=new Uint16Array\(\2\.length\);'
    r'.{0,600}?return [\w$]+\.has\(""\)\?new Set\(\[\2\]\):[\w$]+\}',
    re.DOTALL,
)

# query: a run of Han characters; index: lunr's inverted index (token -> postings). The fewest segments that
# are words of the index (jieba's words, so query and pages are cut alike), the last one may also be the
# beginning of a word (请假 finds 请假单: Material appends a wildcard to every segment); a character that
# begins no word stands alone at a higher cost. Ties keep the longer last segment.
_REPLACEMENT = MARK + """function NAME(query,index){
var keys=index.__qmsKeys;
if(!keys){keys=Object.keys(index).sort();Object.defineProperty(index,"__qmsKeys",{value:keys});}
function word(part){return Object.prototype.hasOwnProperty.call(index,part);}
function begins(part){
var lo=0,hi=keys.length;
while(lo<hi){var mid=(lo+hi)>>1;if(keys[mid]<part)lo=mid+1;else hi=mid;}
return lo<keys.length&&keys[lo].slice(0,part.length)===part;}
var n=query.length,cost=[0],cut=[0];
for(var end=1;end<=n;end++){cost[end]=Infinity;
for(var start=0;start<end;start++){
var part=query.slice(start,end);
var step=word(part)||(end===n&&begins(part))?1:end-start===1?3:Infinity;
if(cost[start]+step<cost[end]){cost[end]=cost[start]+step;cut[end]=start;}}}
var parts=[];
for(var at=n;at>0;at=cut[at])parts.unshift(query.slice(cut[at],at));
return new Set(parts);}"""

EXACT_MARK = "/*qmsdoc:exact*/"

# lunr scores a control number as a bag of its parts (QP-02-03 and QP-03-02 both hold qp, 02 and 03), so the
# result whose control number (its search tag) is exactly the query moves to the top — of the whole result
# list, before Material renders the first ten. Material's worker protocol: {type: 2, data: query} in,
# {type: 3, data: {items: [[article, sections…], …]}} out. Runs before Material's own listener.
_PROMOTE = EXACT_MARK + r"""(function(){
var query="";
function compact(text){return String(text).replace(/<[^>]*>/g,"").normalize("NFKC").toUpperCase().replace(/[\s\-\/_]+/g,"");}
addEventListener("message",function(event){var m=event.data;if(m&&m.type===2)query=compact(m.data);});
var post=self.postMessage;
self.postMessage=function(message){
var items=message&&message.type===3&&message.data&&message.data.items;
if(items&&query.length>1){
for(var g=0;g<items.length;g++){
if(items[g].some(function(item){return(item.tags||[]).some(function(tag){return compact(tag)===query;});})){
if(g>0)items.unshift(items.splice(g,1)[0]);
break;}}}
return post.apply(self,arguments);};
})();"""
_STRICT = '"use strict";'


class WorkerPatch:
    """What happened to the site's search worker: `patched` files, files already `current`, and files whose
    shape was not recognised (`unknown`)."""

    def __init__(self) -> None:
        self.patched: list[Path] = []
        self.current: list[Path] = []
        self.unknown: list[Path] = []


def patch_site(site_dir: Path) -> WorkerPatch:
    """Correct the query segmentation of every Material search worker in `site_dir` (normally one)."""
    result = WorkerPatch()
    folder = site_dir / WORKERS
    if not folder.is_dir():
        return result
    for worker in sorted(folder.glob("search*.js")):
        if worker.is_symlink() or not worker.is_file():
            continue
        text = worker.read_text(encoding="utf-8")
        if MARK in text:
            result.current.append(worker)
            continue
        patched = patch_source(text)
        if patched is None:
            result.unknown.append(worker)
            continue
        write_atomic(worker, patched.encode("utf-8"))  # a reader never loads half a worker
        result.patched.append(worker)
    return result


def patch_source(source: str) -> str | None:
    """The worker source with the segmentation replaced and the exact-number promotion in front, or None
    when the segmentation function is not found exactly once (then nothing is changed)."""
    matches = list(_SEGMENT.finditer(source))
    if len(matches) != 1:
        return None
    match = matches[0]
    replacement = _REPLACEMENT.replace("NAME", match.group(1), 1)
    patched = source[:match.start()] + replacement + source[match.end():]
    # After Material's "use strict" directive, so the bundle stays strict.
    head = _STRICT if patched.startswith(_STRICT) else ""
    return head + _PROMOTE + patched[len(head):]
