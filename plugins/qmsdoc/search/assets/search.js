/* qmsdoc search: the site's own search, in Material's search box. The index is read a piece at a time
   (search/index.py describes the files): the directory, the chunks holding the words a query can mean, then
   the pages shown. Words are cut as the build cut them (tokens.py): NFKC, lower case, runs of Chinese
   characters cut into words of the index (or their character pairs, which the index holds for long words), other
   runs of letters and digits whole. */
(function () {
  "use strict";
  var HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff";
  var RUNS = new RegExp("[" + HAN + "]+|(?:(?![" + HAN + "])[\\p{L}\\p{N}])+", "gu");
  var HAN_RUN = new RegExp("^[" + HAN + "]");
  var WORD_CHAR = /[\p{L}\p{N}]/u;
  var SEPARATORS = /[\s\-\/_.]+/g;
  var OWN_NUMBER = 255, SCORE_STEPS = 16, SCORE_FLOOR = -6, PREFIX_WEIGHT = 0.6, FORM_WEIGHT = 0.9, PAGE_SIZE = 10;
  var FRESH_MS = 5000;

  // A Traditional site's index keeps its terms in their Simplified form (tokens.py): once its directory has named
  // the table (search/fold-<hash>.js, from hant.py), every text is folded as the build folded it, one character for one
  // (a snippet's marks stay where they were found), so a word typed in Simplified or in Traditional characters is
  // one word to its reader.
  var FOLD = null;
  // A Latin letter's accents are left out (tokens.py, normalise): cafe finds the page writing caf\u00e9.
  var ACCENTED = /[\u00c0-\u024f\u1e00-\u1eff]/, LATIN_MARKS = /(?<=[a-z])[\u0300-\u036f]+/g;
  function normalise(text) {
    var folded = String(text).normalize("NFKC").toLowerCase();
    if (ACCENTED.test(folded)) folded = folded.normalize("NFD").replace(LATIN_MARKS, "").normalize("NFC");
    if (!FOLD) return folded;
    var out = "";
    for (var i = 0; i < folded.length; i++) { var c = folded.charAt(i); out += FOLD.get(c) || c; }
    return out;
  }
  function foldTable(text) {
    var table = new Map();
    for (var i = 0; i + 1 < text.length; i += 2) table.set(text.charAt(i), text.charAt(i + 1));
    return table;
  }
  function compact(text) { return normalise(text).replace(SEPARATORS, ""); }
  // A page's whole title as the index keys it (tokens.py, title_key): its letters and digits only, so a form's
  // name typed between the book-title marks the documents cite it in, or without its title's commas, is the title.
  var NOT_WORD = /[^\p{L}\p{N}]+/gu;
  function titleKey(text) { return "=" + normalise(text).replace(NOT_WORD, ""); }
  // A character inside a Chinese word of the index is a term under this mark (tokens.py, characters): looked up
  // for a query of one character only.
  var CHAR_MARK = "~";
  // Two characters side by side where the build's cut ended one word and began the next (tokens.py, joins): looked
  // up for characters a query's cut leaves one by one, which a page must hold together.
  var JOIN_MARK = "+";
  function termKey(term) {
    var mark = term.charAt(0);
    return mark === "#" || mark === CHAR_MARK || mark === JOIN_MARK ? term : term.slice(0, 2);
  }
  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
    });
  }

  // -- the index ------------------------------------------------------------------------------------------
  function Index(site) {
    this.site = site;  // URL of the site's root, ending in "/"
    this.root = site + "search/";
    this.directory = null;
    this.chunks = {};  // file name -> Promise of Map(term -> {pages, steps})
    this.pages = {};  // page number -> Promise of its page file
  }

  // A file the directory names and the server no longer has: the site was built again under an open page.
  function Gone(url) { this.message = url + ": 404 (the site was rebuilt)"; }
  Gone.prototype = Object.create(Error.prototype);
  Gone.prototype.name = "Gone";

  // Each file of the index is a line of JavaScript handing its content to the page (search/wrapped.py):
  // qmsdocSearchData("c/<hash>","<gzip bytes>"); or, the directory, qmsdocSearchData("index",{...});. Over
  // http(s) it is fetched and its content read between the fixed prefix and suffix (never run); a page opened from
  // a folder (file://), which the browser lets fetch nothing, loads it with a script tag read as windows-1252 (each
  // byte one character) and takes its content from the call, by the name it gives.
  var CALLBACK = "qmsdocSearchData", EXTENSION = ".js", SUFFIX = ");\n";
  var FROM_FOLDER = typeof location !== "undefined" && location.protocol === "file:";
  // windows-1252's characters for the bytes 0x80-0x9f; every other byte is the character of its own code
  var CP1252 = [0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152,
                0x8d, 0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161,
                0x203a, 0x153, 0x9d, 0x17e, 0x178];
  var BYTE_OF = new Map();
  CP1252.forEach(function (code, i) { BYTE_OF.set(code, 0x80 + i); });
  var UNESCAPED = {0x22: 0x22, 0x5c: 0x5c, 0x6e: 0x0a, 0x72: 0x0d};  // the byte after a backslash: the byte it writes
  var loads = {};  // name -> a file loaded from a folder, until its script has run

  function ascii(text) { var out = []; for (var i = 0; i < text.length; i++) out.push(text.charCodeAt(i)); return out; }
  function startsWith(bytes, head, at) {
    for (var i = 0; i < head.length; i++) if (bytes[at + i] !== head[i]) return false;
    return true;
  }
  function NotWrapped(url) { this.message = url + ": not a file of the search index"; }
  NotWrapped.prototype = Object.create(Error.prototype);

  // The content of a fetched file: a string's bytes (escapes undone), or the directory's JSON.
  function unwrap(url, name, buffer) {
    var bytes = new Uint8Array(buffer), head = ascii(CALLBACK + '("' + name + '",'), tail = ascii(SUFFIX);
    var end = bytes.length - tail.length;
    if (!startsWith(bytes, head, 0) || end <= head.length || !startsWith(bytes, tail, end)) throw new NotWrapped(url);
    if (bytes[head.length] !== 0x22) return JSON.parse(new TextDecoder().decode(bytes.subarray(head.length, end)));
    var out = new Uint8Array(end - head.length), n = 0;
    for (var i = head.length + 1; i < end - 1; i++) {
      var byte = bytes[i];
      if (byte === 0x5c) { byte = UNESCAPED[bytes[++i]]; if (byte === undefined) throw new NotWrapped(url); }
      out[n++] = byte;
    }
    return out.subarray(0, n);
  }

  // A string read as windows-1252: its bytes.
  function bytesOf(text) {
    var out = new Uint8Array(text.length);
    for (var i = 0; i < text.length; i++) {
      var code = text.charCodeAt(i);
      out[i] = code < 0x80 || (code >= 0xa0 && code < 0x100) ? code : BYTE_OF.get(code);
    }
    return out;
  }

  function inflate(bytes) {
    if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return Promise.resolve(bytes.slice().buffer);  // no gzip
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).arrayBuffer();
  }

  // The file `relative` (under search/, e.g. c/<hash>.js) from a page opened from a folder. A file that is not
  // there (onerror) or names another (a stale one) is Gone: the directory is read again, once (Search.query).
  function loadScript(url, relative) {
    var name = relative.replace(/\?.*$/, "").slice(0, -EXTENSION.length);
    if (loads[name]) return loads[name].promise;
    var load = loads[name] = {};
    load.promise = new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      function done(error) {
        script.remove();
        if (loads[name] === load) delete loads[name];
        if (error || !load.arrived) reject(new Gone(url)); else resolve(load.value);
      }
      script.charset = "windows-1252";
      script.onload = function () { done(false); };
      script.onerror = function () { done(true); };
      script.src = url;
      document.head.appendChild(script);
    });
    return load.promise;
  }
  if (typeof window !== "undefined") {
    window[CALLBACK] = function (name, value) {
      var load = loads[name];
      if (load) { load.arrived = true; load.value = value; }
    };
  }

  // The content of the file `relative` of the index: its bytes inflated (an ArrayBuffer), or the directory.
  Index.prototype.file = function (relative, mode) {
    var url = this.root + relative, name = relative.replace(/\?.*$/, "").slice(0, -EXTENSION.length);
    var content = FROM_FOLDER ? loadScript(url, relative).then(function (value) {
      return typeof value === "string" ? bytesOf(value) : value;
    }) : fetch(url, mode ? {cache: mode} : {}).then(function (response) {
      if (response.status === 404) throw new Gone(url);
      if (!response.ok) throw new Error(url + ": " + response.status);
      return response.arrayBuffer();
    }).then(function (buffer) { return unwrap(url, name, buffer); });
    return content.then(function (value) { return value instanceof Uint8Array ? inflate(value) : value; });
  };

  // The directory is asked of the server again (a revalidation, a few hundred bytes when unchanged) once it is
  // older than FRESH_MS, never taken from the browser's cache alone: a site published again deletes the chunks
  // the old directory names. Once a chunk it names is gone (`again`) it is fetched whole: a server's validator
  // (a modification time in whole seconds) can miss two builds within a second. A new build's directory drops
  // the chunks read for the old one.
  Index.prototype.open = function (again) {
    var self = this;
    if (again || !this.opening || Date.now() - this.opened > FRESH_MS) {
      this.opened = Date.now();
      var mode = again ? "reload" : "no-cache";
      // (from a folder, a query of its own: the browser may keep a script it has run under its address)
      var directory = "index" + EXTENSION + (FROM_FOLDER ? "?t=" + this.opened : "");
      this.opening = this.file(directory, mode).then(function (directory) {
        if (!directory.fold || self.fold === directory.fold) return directory;
        return self.file(directory.fold).then(function (buffer) {
          FOLD = foldTable(new TextDecoder().decode(buffer));
          self.fold = directory.fold;
          return directory;
        });
      }).then(function (directory) {
        if (!self.directory || self.directory.build !== directory.build) { self.chunks = {}; self.pages = {}; }
        if (!directory.fold) FOLD = null;
        self.directory = directory;
        return directory;
      }, function (error) { self.opening = null; throw error; });
    }
    return this.opening;
  };

  // The chunk files holding `key` (exact) or, with `prefix`, every key starting with it.
  Index.prototype.filesFor = function (key, prefix) {
    var chunks = this.directory.chunks, lo = 0, hi = chunks.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (chunks[mid][0] <= key) lo = mid + 1; else hi = mid; }
    var at = Math.max(0, lo - 1), files = [chunks[at][1]];
    if (prefix) {
      for (var next = at + 1; next < chunks.length && chunks[next][0].slice(0, key.length) === key; next++) {
        files.push(chunks[next][1]);
      }
    }
    return files;
  };

  Index.prototype.chunk = function (name) {
    var chunks = this.chunks;
    if (!chunks[name]) {
      chunks[name] = this.file("c/" + name).then(decodeChunk, function (error) {
        delete chunks[name];  // asked again next time, not failed for good
        throw error;
      });
    }
    return chunks[name];
  };

  // (kept for the build: a page read to order the results is the page shown, not fetched twice)
  Index.prototype.page = function (number) {
    var self = this, pages = this.pages;
    if (!pages[number]) {
      pages[number] = this.file("p/" + number + EXTENSION + "?v=" + this.directory.build).then(function (buffer) {
        var page = JSON.parse(new TextDecoder().decode(buffer));
        page.number = number;
        page.href = new URL(page.url, self.site).href;
        return page;
      }, function (error) {
        delete pages[number];  // asked again next time, not failed for good
        throw error;
      });
    }
    return pages[number];
  };

  function decodeChunk(buffer) {
    var bytes = new Uint8Array(buffer), at = 0, decoder = new TextDecoder(), terms = new Map();
    function varint() {
      var value = 0, shift = 0, byte;
      do { byte = bytes[at++]; value += (byte & 0x7f) * Math.pow(2, shift); shift += 7; } while (byte & 0x80);
      return value;
    }
    for (var count = varint(); count > 0; count--) {
      var length = varint(), term = decoder.decode(bytes.subarray(at, at + length));
      at += length;
      var n = varint(), pages = new Uint32Array(n), steps = new Uint8Array(n), page = 0;
      for (var i = 0; i < n; i++) { page += varint(); pages[i] = page; steps[i] = bytes[at++]; }
      terms.set(term, {pages: pages, steps: steps});
    }
    return terms;
  }

  // -- a query ----------------------------------------------------------------------------------------------
  // Words of the index that the query may mean: known after the chunks of its keys are read.
  function Lexicon() { this.terms = new Map(); this.sorted = null; }
  Lexicon.prototype.add = function (map) {
    var self = this;
    map.forEach(function (value, term) { self.terms.set(term, value); });
    this.sorted = null;
  };
  Lexicon.prototype.has = function (term) { return this.terms.has(term); };
  Lexicon.prototype.startingWith = function (prefix) {
    if (!this.sorted) this.sorted = Array.from(this.terms.keys()).sort();
    var list = this.sorted, lo = 0, hi = list.length, out = [];
    while (lo < hi) { var mid = (lo + hi) >> 1; if (list[mid] < prefix) lo = mid + 1; else hi = mid; }
    for (; lo < list.length && list[lo].slice(0, prefix.length) === prefix; lo++) out.push(list[lo]);
    return out;
  };

  // The fewest pieces that are words of the index (as jieba cut the pages), the last one, while the reader is
  // still typing, may also begin a word; a character that begins no word stands alone at a higher cost.
  function cut(run, lexicon, open) {
    var n = run.length, cost = [0], from = [0];
    for (var end = 1; end <= n; end++) {
      cost[end] = Infinity;
      for (var start = 0; start < end; start++) {
        var part = run.slice(start, end);
        var step = lexicon.has(part) || (open && end === n && lexicon.startingWith(part).length) ? 1
          : end - start === 1 ? 3 : Infinity;
        if (cost[start] + step < cost[end]) { cost[end] = cost[start] + step; from[end] = start; }
      }
    }
    var parts = [];
    for (var at = n; at > 0; at = from[at]) parts.unshift(run.slice(from[at], at));
    return parts;
  }

  // A run whose cut leaves a character that is no term of the index, while each pair of its characters is one: the
  // pairs, each a word the page must hold. The index keeps the pairs of every Chinese word of three characters or
  // more beside the word (tokens.py, subwords): the last three characters of a four-character jieba word, typed,
  // find its page by their two pairs, where the cut gave a lone first character no page held. (No Chinese
  // characters in this file: every site ships it, an English one too, and its build is checked for them.)
  function pairs(run, parts, lexicon) {
    var lone = parts.some(function (part) { return part.length === 1 && !lexicon.has(part); });
    if (run.length < 3 || !lone) return parts;
    var out = [];
    for (var i = 0; i + 1 < run.length; i++) {
      var pair = run.slice(i, i + 2);
      if (!lexicon.has(pair)) return parts;
      if (out.indexOf(pair) < 0) out.push(pair);
    }
    return out;
  }

  function isSingle(part) { return part.length === 1 && HAN_RUN.test(part); }
  // The last character of a run, left over by the cut after a longer word, itself no word of the index and (still
  // being typed) beginning none: the end of a reader's own name for a thing (a form's everyday name typed as the
  // form's name and one character more), which no page holds. Left out of the query as a stop word is, not named as
  // the word every page lacks. A character before a word stays (a negation: not-exists is not exists), and
  // characters left over side by side stay one word the reader means (`lone` in plan). A character no page writes,
  // inside a word or alone (its CHAR_MARK term, read by plan), is no reader's name for a thing of the site: it stays
  // a word every page lacks, where the pages holding the word before it were results the query never asked for.
  function leftover(parts, p, lexicon, open) {
    var part = parts[p];
    if (p === 0 || p !== parts.length - 1 || !isSingle(part) || isSingle(parts[p - 1]) || lexicon.has(part)) return false;
    if (!lexicon.has(CHAR_MARK + part)) return false;
    return !(open && lexicon.startingWith(part).length);
  }

  // A word's apostrophes as a reader typing without them reads them (tokens.py, elide; APOSTROPHES and CLITICS are
  // its strings, which a test compares): staff's is staff, don't is dont, o'clock is oclock.
  var APOSTROPHES = "'\u2018\u2019\u02bc", CLITICS = ["s", "ll", "re", "ve", "d", "m"];
  var LATIN_LETTER = "(?![" + HAN + "])\\p{L}";
  var ELIDED = new RegExp("(?<=" + LATIN_LETTER + ")[" + APOSTROPHES + "](?:(?:" + CLITICS.join("|") + ")(?!(?!["
    + HAN + "])[\\p{L}\\p{N}])|(?=" + LATIN_LETTER + "))", "gu");
  var LATIN = new RegExp("^" + LATIN_LETTER + "$", "u");
  function elide(text) { return text.replace(ELIDED, ""); }
  // The words of a text joined by hyphens, each as one word (tokens.py, compounds; HYPHENS is its string): an
  // English index holds followup for a page writing follow-up.
  var HYPHENS = "\u2010-";
  var COMPOUND = new RegExp("(?<![\\p{L}\\p{N}_" + HYPHENS + "])" + "(?:" + LATIN_LETTER + ")+(?:[" + HYPHENS + "](?:"
    + LATIN_LETTER + ")+)+(?![\\p{L}\\p{N}_" + HYPHENS + "])", "gu");
  function compounds(text) {
    return (elide(normalise(text)).match(COMPOUND) || []).map(function (found) {
      return found.replace(new RegExp("[" + HYPHENS + "]", "g"), "");
    });
  }
  function runs(query) { return elide(normalise(query)).match(RUNS) || []; }
  // A word still being typed stands for the words it begins when it is a Chinese character or two letters or digits
  // or more: a 1 or an a typed alone begins most numbers or words of a site (1 found 65 of the shipped manuals'
  // pages holding 10, 12 or 1.0), where one Chinese character is a word's first (the table of a table form).
  function widens(part) { return HAN_RUN.test(part) || part.length > 1; }

  // The query as its reader typed it, where `folded` (a piece of normalise(query)) stands: a Traditional site's
  // fold is one character for one, so the same place of the unfolded text.
  function asTyped(query, folded) {
    var typed = String(query).normalize("NFKC").toLowerCase(), at = normalise(query).indexOf(folded);
    return at < 0 ? folded : typed.slice(at, at + folded.length);
  }

  // The control numbers a query writes out among its other words (a citation copied whole: a form's name, number
  // and version), as index.py's mentioned_numbers finds them in a page: letters and digits joined by - or /, no
  // Chinese character among them, with both letters and digits, more than four characters without the separators
  // (not a version A/1 or a date).
  var TOKEN = "(?:(?![" + HAN + "])[\\p{L}\\p{N}])+";
  var MENTION = new RegExp(TOKEN + "(?:[\\-\\/]" + TOKEN + ")+", "gu");
  // A query that is a version as a whole (index.py's _VERSION): its own key only, never the numbers it begins
  // (A/1 is not A1-003).
  var VERSION = /^[a-z]{1,3}\/\d{1,4}$/;
  // The dates and dotted numbers a text writes (tokens.py's WRITTEN, the same pattern; the year, month and day
  // marks written as escapes): 2025-06-01, 2025/6/1 or the same day in Chinese, and 1.0 or 4.2.3.
  var DATE = "\\d{4}(?:-\\d{1,2}-\\d{1,2}|/\\d{1,2}/\\d{1,2}|\\.\\d{1,2}\\.\\d{1,2}|\\u5e74\\d{1,2}\\u6708\\d{1,2}\\u65e5)";
  var WRITTEN = new RegExp("(?<![a-uw-z0-9.\\-/])(?:(" + DATE + ")|\\d{1,4}(?:\\.\\d{1,4})+)(?!\\d|\\.\\d)", "g");
  // Its key (tokens.py's written_key): a date as its day in any spelling, a dotted number as written.
  function writtenKey(token) {
    if (!new RegExp("^" + DATE + "$").test(token)) return "#" + token;
    var parts = token.match(/\d+/g);
    function two(n) { return ("0" + Number(n)).slice(-2); }
    return "#" + parts[0] + two(parts[1]) + two(parts[2]);
  }
  function tokenKey(token) { return VERSION.test(token) ? "#" + compact(token) : writtenKey(token); }
  // The versions, dates and dotted numbers a query of several words writes (A/1 among words): each one word, its
  // key (index.py's mentioned_numbers), where its letters and digits were words no page needs to hold together
  // (the 1 of A/1, the 1 and 0 of 1.0).
  function tokensIn(query) {
    var text = normalise(query), versions = (text.match(MENTION) || []).filter(function (token) {
      return VERSION.test(token);
    });
    return versions.concat(text.match(WRITTEN) || []);
  }
  // The control numbers a query writes: what it writes joined by - or / but its versions and dates.
  function spelledNumbers(query) {
    return (normalise(query).match(MENTION) || []).filter(function (token) {
      return !VERSION.test(token) && !new RegExp("^" + DATE + "$").test(token);
    });
  }
  function withoutTokens(query) {
    var text = normalise(query);
    tokensIn(query).forEach(function (token) { text = text.replace(token, " "); });
    return text;
  }
  function numbersIn(query) {
    return (normalise(query).match(MENTION) || []).map(compact).filter(function (key) {
      return key.length > 4 && /\p{L}/u.test(key) && /\p{N}/u.test(key);
    }).map(function (key) { return "#" + key; });
  }

  // The keys whose chunks a query needs first: every two characters of a Chinese run (a word starting there)
  // and each character alone; a word's first two characters; the exact control number.
  function keysOf(query, segment) {
    var keys = [], prefixes = [];
    runs(query).forEach(function (run) {
      if (segment && HAN_RUN.test(run)) {
        if (run.length === 1) keys.push(CHAR_MARK + run);  // and the words holding it anywhere
        for (var i = 0; i < run.length; i++) {
          keys.push(run.charAt(i));
          if (i + 1 < run.length) keys.push(run.slice(i, i + 2));
        }
      } else if (run.length > 1 || !widens(run)) {
        keys.push(run.slice(0, 2));
      } else {
        prefixes.push(run);
      }
    });
    // (an English query's words side by side, joined: a compound's chunk, e of e mail not being em)
    var list = runs(query);
    for (var r = 1; r < list.length; r++) keys.push((list[r - 1] + list[r]).slice(0, 2));
    var code = compact(query);
    // and the numbers it begins: `plan` asks for them of every query written in letters and digits — a manual's
    // number has no digit (KF, DY/AQ), and its key was read only when a chunk read for the query's words held it
    if (/^[a-z0-9]+$/.test(code) && code.length > 1) prefixes.push("#" + code);
    keys = keys.concat(numbersIn(query), tokensIn(query).map(tokenKey));
    if (titleKey(query).length > 2) keys.push(titleKey(query));  // a page's whole title (tokens.py, title_key)
    return {keys: keys, prefixes: prefixes};
  }

  // English word forms (a site whose directory says `forms: "en"`): `request`, `requests`, `requested` and
  // `requesting` are one word to a reader. The index keeps words as written; a query word also matches the
  // indexed words of the same stem, all of which begin with the stem's first letters (so they are in the chunk
  // already read for the query word). A light conflation of inflections, not a full Porter stemmer: plurals,
  // -ed, -ing, a doubled final consonant and a silent final e.
  var CONSONANT_TWICE = /([b-df-hj-km-np-tv-xz])\1$/;
  function englishStem(word) {
    if (word.length <= 3 || !/^[a-z]+$/.test(word)) return word;
    var w = word;
    if (/ie[sd]$/.test(w)) w = w.slice(0, -3) + "y";
    else if (/sses$/.test(w)) w = w.slice(0, -2);
    else if (/[^siu]s$/.test(w)) w = w.slice(0, -1);  // not -ss, -is, -us: process, analysis, status
    if (w.length > 5 && /ing$/.test(w)) w = w.slice(0, -3);
    else if (w.length > 4 && /ed$/.test(w)) w = w.slice(0, -2);
    if (w !== word && CONSONANT_TWICE.test(w) && !/[lsz]$/.test(w)) w = w.slice(0, -1);
    if (w.length > 4 && /e$/.test(w)) w = w.slice(0, -1);
    // British and American spellings are one word: organise/organize, organisation/organization, analyse/analyze.
    return w.replace(/([a-z]{3})is(ation)?$/, "$1iz$2").replace(/([a-z]{3})ys$/, "$1yz");
  }

  // The other indexed forms of `word` (not `word` itself).
  function forms(word, lexicon) {
    var stem = englishStem(word), head = stem.replace(/[sz](ation)?$/, "");  // (organis… and organiz… alike)
    if (stem === word && word.length <= 3) return [];
    var prefix = head.slice(0, Math.max(2, Math.min(head.length, stem.length - 1)));
    return lexicon.startingWith(prefix).filter(function (term) {
      return term !== word && englishStem(term) === stem;
    });
  }

  // Words typed side by side that a page writes as one (tokens.py, compounds: follow-up indexed as followup too):
  // the word joined is a form of each of them, so follow up and follow-up find the page writing followup. Up to
  // three words (off-the-shelf); a stop word among them has no group of its own.
  function joined(list, groupOf, groups, words, lexicon, stop) {
    for (var i = 0; i < list.length; i++) {
      for (var j = i + 1, whole = list[i]; j < list.length && j < i + 3; j++) {
        if (!LATIN_WORD.test(list[j]) || !LATIN_WORD.test(list[i])) break;
        whole += list[j];
        if (!lexicon.has(whole)) continue;
        for (var k = i; k <= j; k++) if (!stop.has(list[k]) && groups[groupOf[k]]) groups[groupOf[k]].push([whole, 1]);
        words.push(whole);
      }
    }
  }
  var LATIN_WORD = new RegExp("^(?:" + LATIN_LETTER + ")+$", "u");

  // The phrases a query quotes ("management review", \u201cfollow up\u201d), each its words joined by one space, as
  // `together` finds them in a page's words: two words or more, none of them Chinese (a Chinese run is a phrase
  // already, `phrases`).
  var QUOTED = /["\u201c\u201d\u201e]([^"\u201c\u201d\u201e]+)(?:["\u201c\u201d\u201e]|$)/g;
  function quotedIn(query) {
    var out = [], found;
    while ((found = QUOTED.exec(String(query).normalize("NFKC"))) !== null) {
      var words = runs(found[1]);
      if (words.length > 1 && !words.some(function (word) { return HAN_RUN.test(word); })) out.push(words.join(" "));
    }
    return out;
  }
  // The results a quoted phrase reads, to put the pages writing it first: more than the first PAGE_SIZE, a reader
  // who quotes wanting the phrase, not its words anywhere on the page.
  var QUOTED_PAGES = 50;

  function Search(index) { this.index = index; }

  Search.prototype.load = function (keys, prefixes, lexicon) {
    var index = this.index, files = {};
    keys.forEach(function (key) { index.filesFor(key, false).forEach(function (f) { files[f] = true; }); });
    prefixes.forEach(function (key) { index.filesFor(key, true).forEach(function (f) { files[f] = true; }); });
    return Promise.all(Object.keys(files).map(function (f) { return index.chunk(f); })).then(function (maps) {
      maps.forEach(function (map) { lexicon.add(map); });
    });
  };

  // {ids: [page numbers whose control number is the query], groups: [[term, weight]…], words: [strings]}
  Search.prototype.plan = function (query) {
    var self = this, segment = this.index.directory.segment !== false, lexicon = new Lexicon();
    var english = this.index.directory.forms === "en";
    var open = !/\s$/.test(query), needed = keysOf(query, segment);
    // The words the build left out of every page (index.py, IndexWriter.stop): left out of the query too, where
    // they were words no page holds (the A of A/1, a sentence's particles).
    var stop = new Set((this.index.directory.stop || "").split(" ").filter(Boolean));
    // A run's pieces as the query is read: words of the index, or characters the cut leaves one by one.
    function partsOf(run, isOpen) {
      return segment && HAN_RUN.test(run) ? pairs(run, cut(run, lexicon, isOpen), lexicon) : [run];
    }
    function isPhrase(run, parts) { return segment && HAN_RUN.test(run) && run.length > 2 && parts.length > 1; }
    // The query's runs but its versions, dates and dotted numbers (a query of several words), each one word.
    var tokens = runs(query).length > 1 ? tokensIn(query) : [];
    var wordRuns = runs(tokens.length ? withoutTokens(query) : query);
    return this.load(needed.keys, needed.prefixes, lexicon).then(function () {
      var list = runs(query), last = list.length - 1, later = [];
      // A last single character that begins no word yet: read the words starting with it.
      if (open && last >= 0 && segment && HAN_RUN.test(list[last])) {
        var tail = cut(list[last], lexicon, true), end = tail[tail.length - 1];
        if (end.length === 1 && !lexicon.has(end)) later.push(end);
      }
      return later.length ? self.load([], later, lexicon) : null;
    }).then(function () {
      // A run's last character the cut leaves after a word, beginning none still being typed (`leftover`): whether
      // any page writes it (asked only of such a character: a word half typed reads no more than it did).
      var written = [];
      wordRuns.forEach(function (run, n) {
        if (!segment || !HAN_RUN.test(run)) return;
        var isOpen = open && n === wordRuns.length - 1, parts = cut(run, lexicon, isOpen), end = parts[parts.length - 1];
        if (parts.length > 1 && isSingle(end) && !lexicon.has(end) && !(isOpen && lexicon.startingWith(end).length)) {
          written.push(CHAR_MARK + end);
        }
      });
      return written.length ? self.load(written, [], lexicon) : null;
    }).then(function () {
      // Characters the cut leaves side by side: the pairs a page must hold them in (`lone` below).
      var joins = [];
      wordRuns.forEach(function (run, n) {
        var parts = partsOf(run, open && n === wordRuns.length - 1);
        for (var p = 1; p < parts.length; p++) {
          if (isSingle(parts[p - 1]) && isSingle(parts[p])) joins.push(JOIN_MARK + parts[p - 1] + parts[p]);
        }
      });
      return joins.length ? self.load(joins, [], lexicon) : null;
    }).then(function () {
      var groups = [], words = [], phrases = [];
      // The query's words as its reader means them, each the groups a page must hold for it (`readers`): a run
      // of Chinese characters the cut left one by one is one word no page holds whole (a form's everyday name).
      var readers = [];
      var list = wordRuns;
      tokens.forEach(function (token) {
        var key = tokenKey(token);
        readers.push({text: token, groups: [groups.length], words: [key]});
        groups.push(lexicon.has(key) ? [[key, 1]] : []);
        words.push(key);
      });
      var groupOf = [];  // a word run's group (English: one run, one word)
      list.forEach(function (run, n) {
        var isOpen = open && n === list.length - 1, lone = null;
        groupOf[n] = groups.length;
        var parts = partsOf(run, isOpen);
        // Three characters or more read as several words or pairs: a page must write them together (`together`).
        if (isPhrase(run, parts)) phrases.push(run);
        parts.forEach(function (part, p) {
          var group = [], tailOpen = isOpen && p === parts.length - 1, single = isSingle(part);
          if (stop.has(part) || leftover(parts, p, lexicon, tailOpen)) { lone = null; return; }
          if (single && lone) {
            // Characters the reader typed together, no word of the index: the pages holding them side by side
            // (each pair where the build's cut ended a word and began the next), not a page holding each somewhere.
            // The reader's groups become its pairs, its mark the characters together.
            var join = JOIN_MARK + lone.text.slice(-1) + part, held = lexicon.has(join) ? [[join, 1]] : [];
            if (lone.joined) { lone.groups.push(groups.length); groups.push(held); } else groups[lone.groups[0]] = held;
            lone.joined = true;
            lone.text += part;
            words[lone.at] = lone.words[0] = lone.text;
            return;
          }
          readers.push(lone = {text: part, groups: [groups.length], words: [], at: words.length});
          var reader = lone;
          if (!single) lone = null;
          if (lexicon.has(part)) group.push([part, 1]);
          // One character typed alone: the pages holding it anywhere inside a word too (the last character of a
          // form's name), not only the words it begins; the index scored it below the character as a word.
          if (run.length === 1 && lexicon.has(CHAR_MARK + part)) group.push([CHAR_MARK + part, 1]);
          words.push(part);
          reader.words.push(part);
          if (english && !HAN_RUN.test(part)) {
            forms(part, lexicon).forEach(function (term) {
              group.push([term, FORM_WEIGHT]); words.push(term); reader.words.push(term);
            });
          }
          if (tailOpen && widens(part)) {
            lexicon.startingWith(part).forEach(function (term) {
              if (term !== part && term.charAt(0) !== "#" && term.charAt(0) !== "=") group.push([term, PREFIX_WEIGHT]);
            });
          }
          groups.push(group);
        });
      });
      if (english) joined(list, groupOf, groups, words, lexicon, stop);
      // Pages whose own number (score 255) is the query or begins with it come first; pages that only mention
      // such a number (a lower score) rank above pages holding its parts scattered (QP-03-02-F001 for
      // QP-02-03-F001).
      // A page that writes the query out whole ranks above one that writes a number it begins (`mentioned`: page ->
      // rank).
      var code = "#" + compact(query), ids = [], mentioned = new Map();
      function mention(page, rank) { if (!(mentioned.get(page) >= rank)) mentioned.set(page, rank); }
      var exact = VERSION.test(normalise(query).trim());
      (exact ? (lexicon.has(code) ? [code] : []) : lexicon.startingWith(code)).forEach(function (term) {
        var hit = lexicon.terms.get(term);
        for (var i = 0; i < hit.pages.length; i++) {
          if (hit.steps[i] === OWN_NUMBER) ids.push([term === code ? 0 : 1, term, hit.pages[i]]);
          // (a number begun by one or two characters is begun by every version: A of A/0)
          else if (term === code || code.length > 3) mention(hit.pages[i], (term === code ? OWN_NUMBER : 0) + hit.steps[i]);
        }
      });
      // A query that is one token written with separators (a number, a version, a date) and stands on some page
      // as a whole: those pages only, not every page holding its parts (A/1 found 65 pages holding a 1).
      var whole = runs(query).length > 1 && (ids.length > 0 || mentioned.size > 0);
      // Not a number as a whole, a query naming numbers among other words: the pages of those numbers first
      // (QP-02-03-F001 A/1 found 80 pages holding QP, 02, 03, A or 1, the form's own page among them).
      var named = ids.length || mentioned.size ? [] : numbersIn(query).filter(function (key) {
        return lexicon.has(key);
      });
      named.forEach(function (key) {
        var hit = lexicon.terms.get(key);
        for (var i = 0; i < hit.pages.length; i++) {
          if (hit.steps[i] === OWN_NUMBER) ids.push([0, key, hit.pages[i]]);
          else mention(hit.pages[i], OWN_NUMBER + hit.steps[i]);
        }
      });
      ids.sort(function (a, b) { return a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0); });
      // A query that is a control number (or begins some) is marked as the whole number in any spelling, not
      // as its parts: QP-02-03 marked the QP and 02 of every QP-02-01 on the page.
      if (named.length) words = named.concat(words.filter(function (word) { return HAN_RUN.test(word); }));
      else if (ids.length || mentioned.size) words = [code];
      // The pages whose title is the query, whole, next after those of the number.
      var titled = lexicon.terms.get(titleKey(query));
      ids = ids.map(function (x) { return x[2]; }).concat(titled ? Array.from(titled.pages) : []);
      readers.forEach(function (reader) { reader.text = asTyped(query, reader.text); });
      // A number written with separators (not a version or a date) is one word to its reader: no page lacking
      // one of its parts (BM-01-002, no page's number, listed the pages holding BM and 01).
      if (spelledNumbers(query).length) readers = readers.slice(0, 1);
      return {lexicon: lexicon, groups: groups, words: words, ids: ids, mentioned: mentioned, whole: whole,
              readers: readers, phrases: phrases, quoted: quotedIn(query), stop: stop};
    });
  };

  // Page numbers, best first: the exact control number, then pages holding every word (by score). A page holding
  // only some of the words is no result of the query (`pages`); see `partial` for a query no page answers.
  Search.prototype.rank = function (plan) {
    var total = this.index.directory.pages, scores = new Map(), hits = new Map(), held = [];
    plan.groups.forEach(function (group, g) {
      var best = new Map();
      group.forEach(function (entry) {
        var postings = plan.lexicon.terms.get(entry[0]), df = postings.pages.length;
        var idf = Math.log(1 + (total - df + 0.5) / (df + 0.5));
        for (var i = 0; i < df; i++) {
          var page = postings.pages[i];
          var value = Math.pow(2, postings.steps[i] / SCORE_STEPS + SCORE_FLOOR) * idf * entry[1];
          if (!(best.get(page) >= value)) best.set(page, value);
        }
      });
      best.forEach(function (value, page) {
        scores.set(page, (scores.get(page) || 0) + value);
        hits.set(page, (hits.get(page) || 0) + 1);
      });
      held[g] = best;
    });
    var wanted = plan.groups.length, pages = Array.from(scores.keys());
    function mentions(p) { return plan.mentioned.get(p) || 0; }
    // The pages writing the number out, and (unless the query is that one token) those holding every word.
    var order = Array.from(plan.mentioned.keys()).concat(plan.whole ? [] : pages.filter(function (p) {
      return wanted > 0 && hits.get(p) === wanted && !plan.mentioned.has(p);
    }));
    order.sort(function (a, b) {
      return mentions(b) - mentions(a) || (scores.get(b) || 0) - (scores.get(a) || 0) || a - b;
    });
    var seen = new Set(), out = [];
    plan.ids.concat(order).forEach(function (p) { if (!seen.has(p)) { seen.add(p); out.push(p); } });
    return {pages: out, partial: out.length || plan.whole ? [] : partial(plan.readers, held, scores, plan.words)};
  };

  // A query no page answers whole, of two words or more as its reader means them: the pages holding most of its
  // words, listed by the words they lack ([{lacking: [words as typed], held: how many words they hold, pages, words
  // to mark}]), those holding more words first, then the best page's list. Words missing, named, are pages a reader
  // can judge (the leave form's page for a query naming the form in everyday words the site never writes; the
  // pages on resignations and forms for a query adding a third word, a process, no such page writes). Such a page holds more than half of the query's words, or of its words
  // proper (two characters or more, one word of the index; stop words are none), and one word proper at least:
  // pages holding a lone character or a 1 are no answer, nor, of two words the site writes, a page holding one.
  function partial(readers, held, scores, words) {
    if (readers.length < 2) return [];
    function holds(page, reader) { return reader.groups.every(function (g) { return held[g].has(page); }); }
    function proper(reader) {  // (characters held side by side are no word of the index: `joined`)
      return reader.groups.length === 1 && !reader.joined && Array.from(reader.text).length > 1;
    }
    var propers = readers.filter(proper).length, lacking = new Map();
    scores.forEach(function (score, page) {
      var kept = readers.filter(function (reader) { return holds(page, reader); });
      var keptProper = kept.filter(proper).length;
      if (kept.length === readers.length || !keptProper) return;
      if (keptProper * 2 <= propers && kept.length * 2 <= readers.length) return;
      var missing = readers.filter(function (reader) { return kept.indexOf(reader) < 0; });
      var key = missing.map(function (reader) { return readers.indexOf(reader); }).join(" ");
      if (!lacking.has(key)) lacking.set(key, {missing: missing, held: kept.length, pages: []});
      lacking.get(key).pages.push(page);
    });
    function best(a, b) { return scores.get(b) - scores.get(a) || a - b; }
    // (the characters of the words they lack marked nowhere: a character of one inside another word)
    var out = Array.from(lacking.values(), function (entry) {
      var unmarked = [].concat.apply([], entry.missing.map(function (reader) { return reader.words; }));
      var marked = words.filter(function (word) { return unmarked.indexOf(word) < 0; });
      return {lacking: entry.missing.map(function (reader) { return reader.text; }), held: entry.held,
              pages: entry.pages.sort(best), words: marked};
    });
    return out.sort(function (a, b) { return b.held - a.held || best(a.pages[0], b.pages[0]); });
  }

  // The pairs of a phrase's characters the index holds where a page writes them side by side (tokens.py: a word of
  // two characters, a pair inside a longer word, a pair across two words under JOIN_MARK), in order, each once; a
  // pair holding a stop word, which the build keeps under neither, left out.
  function phrasePairs(run, stop) {
    var out = [];
    for (var i = 0; i + 1 < run.length; i++) {
      var pair = run.slice(i, i + 2);
      if (!stop.has(pair) && !stop.has(pair.charAt(0)) && !stop.has(pair.charAt(1)) && out.indexOf(pair) < 0) {
        out.push(pair);
      }
    }
    return out;
  }

  // The results with the pages writing each phrase first, the order otherwise kept, over the whole list and from the
  // postings alone: a page writes a phrase when it holds each pair of its characters side by side (`phrasePairs`,
  // whose JOIN_MARK terms `refined` reads). Only the first PAGE_SIZE were put in order, read from their page files
  // (`together`): a page writing the phrase ranked 11th stayed below ten pages holding its words apart.
  function written(pages, plan) {
    if (!plan.phrases.length || pages.length < 2) return pages;
    var held = [];
    plan.phrases.forEach(function (phrase) {
      phrasePairs(phrase, plan.stop).forEach(function (pair) {
        var at = new Set();
        [pair, JOIN_MARK + pair].forEach(function (term) {
          var postings = plan.lexicon.terms.get(term);
          if (postings) postings.pages.forEach(function (page) { at.add(page); });
        });
        held.push(at);
      });
    });
    function writes(page) { return held.every(function (at) { return at.has(page); }); }
    return pages.filter(writes).concat(pages.filter(function (page) { return !writes(page); }));
  }

  // The results with the pages writing each phrase as typed first, the order otherwise kept. The index knows which
  // words a page holds, not where: four characters cut as two words, or three read as their pairs, ranked a page
  // holding them apart above the page writing them together. Read in the first PAGE_SIZE pages, the ones shown
  // first (Index.page keeps them): no byte more than the results cost.
  // A quoted phrase's words (`quoted`) are looked for among the page's words, in the first QUOTED_PAGES.
  Search.prototype.together = function (pages, phrases, quoted) {
    quoted = quoted || [];
    if ((!phrases.length && !quoted.length) || pages.length < 2) return Promise.resolve(pages);
    var first = pages.slice(0, quoted.length ? QUOTED_PAGES : PAGE_SIZE);
    return Promise.all(first.map(function (n) { return this.index.page(n); }, this)).then(function (read) {
      var writes = read.map(function (page) {
        var parts = [page.title];
        (page.sections || []).forEach(function (s) { parts.push(s[1], s[2]); });
        var text = normalise(parts.join("\n"));
        // (each title and text apart: a title's last word and the next's first are no phrase)
        var words = parts.map(function (part) { return " " + runs(part).join(" ") + " "; }).join("|");
        return phrases.every(function (phrase) { return text.indexOf(phrase) >= 0; })
          && quoted.every(function (phrase) { return words.indexOf(" " + phrase + " ") >= 0; });
      });
      return first.filter(function (n, i) { return writes[i]; })
        .concat(first.filter(function (n, i) { return !writes[i]; }), pages.slice(first.length));
    }, function () { return pages; });  // (a page unread: the order of the index, each result failing as before)
  };

  // The results as soon as the postings order them ({pages, partial, words, phrases}): no page file read yet, so the
  // first one shows when its own file arrives, not when ten have (`together` puts them in order after).
  Search.prototype.answer = function (query) {
    var self = this;
    function attempt(again) {
      return self.index.open(again).then(function () { return self.plan(query); }).then(function (plan) {
        var ranked = self.rank(plan);
        return {pages: ranked.pages, partial: ranked.partial, words: plan.words, phrases: plan.phrases, plan: plan};
      });
    }
    return attempt(false).catch(function (error) {
      if (!(error instanceof Gone)) throw error;
      return attempt(true);  // once, with the directory of the build now served
    });
  };

  // The results of `answer` in their final order: the pages whose pairs say they write each phrase first (`written`,
  // the JOIN_MARK chunks of the pairs read now, after the first results show: read with the query's own chunks
  // they were a second round trip before any result), then the first PAGE_SIZE as their files say (`together`).
  Search.prototype.refined = function (found) {
    var self = this, plan = found.plan;
    if ((!found.phrases.length && !plan.quoted.length) || found.pages.length < 2) return Promise.resolve(found.pages);
    var joins = [];
    found.phrases.forEach(function (phrase) {
      phrasePairs(phrase, plan.stop).forEach(function (pair) { joins.push(JOIN_MARK + pair); });
    });
    return this.load(joins, [], plan.lexicon).then(function () { return written(found.pages, plan); }, function () {
      return found.pages;  // (a chunk unread: the order of the index, put right in the first pages below)
    }).then(function (pages) { return self.together(pages, found.phrases, plan.quoted); });
  };

  // The results in their final order (`answer`, then `refined`).
  Search.prototype.query = function (query) {
    var self = this;
    return this.answer(query).then(function (found) {
      return self.refined(found).then(function (pages) {
        return {pages: pages, partial: found.partial, words: found.words};
      });
    });
  };

  // -- snippets -----------------------------------------------------------------------------------------------
  // Where a key is written: a control number's characters with any separators between them; a dotted number as
  // written (1.0, not the 10 of 100); a date (writtenKey) in any spelling of its day.
  var DOTTED_BEFORE = /[a-uw-z0-9.\-\/]/;
  function keyPattern(word, parts) {
    if (word.indexOf(".") > 0) return parts.join("") + "(?![0-9]|\\.[0-9])";
    var pattern = parts.join("[\\s\\-/_.]*"), day = /^#(\d{4})(\d{2})(\d{2})$/.exec(word);
    if (!day) return pattern;
    var month = "0?" + Number(day[2]), date = "0?" + Number(day[3]);
    return pattern + "|" + day[1] + "(?:[\\-/.]" + month + "[\\-/.]" + date + "|\\u5e74" + month + "\\u6708" + date
      + "\\u65e5)(?![0-9])";
  }

  // Where the words occur in `text` (NFKC and case folded as the index was), as [start, end) of the original.
  // `folded` without its hyphens (HYPHENS), with each character's place in `folded`: where a compound typed closed
  // stands hyphenated. Two hyphens side by side join no compound (a--b).
  function withoutHyphens(folded) {
    var text = "", kept = [];
    for (var i = 0; i < folded.length; i++) {
      if (HYPHENS.indexOf(folded.charAt(i)) < 0) { text += folded.charAt(i); kept.push(i); }
    }
    return {text: text, kept: kept};
  }
  var DOUBLE_HYPHEN = new RegExp("[" + HYPHENS + "]{2}");

  function matches(text, words) {
    var folded = "", origin = [], ends = [];  // each folded character's first and past-last place in `text`
    for (var i = 0; i < text.length; i++) {
      var c = text.charAt(i), code = text.charCodeAt(i);
      if (code >= 0xd800 && code < 0xdc00 && i + 1 < text.length) { c += text.charAt(i + 1); }
      // (an apostrophe between letters read as `elide` reads it: dont and staff are marked in don't and staff's)
      if (APOSTROPHES.indexOf(c) >= 0 && LATIN.test(text.charAt(i - 1)) && LATIN.test(text.charAt(i + 1))) continue;
      var n = normalise(c);
      for (var k = 0; k < n.length; k++) { origin.push(i); ends.push(i + c.length); }
      folded += n;
      i += c.length - 1;
    }
    var spans = [], unhyphenated = null;
    words.forEach(function (word) {
      if (!word) return;
      if (word.charAt(0) === "#") {  // a control number: its characters with any separators between them
        var parts = Array.from(word.slice(1)).map(function (c) { return c.replace(/[$()*+.?[\\\]^{|}\/-]/g, "\\$&"); });
        if (!parts.length) return;
        var pattern = new RegExp(keyPattern(word, parts), "gu"), found, dotted = word.indexOf(".") > 0;
        while ((found = pattern.exec(folded)) !== null) {
          var before = folded.charAt(found.index - 1);
          // (a dotted number is a version after a v too: V1.0, as tokens.py's WRITTEN reads it)
          if (dotted ? DOTTED_BEFORE.test(before) : found.index > 0 && WORD_CHAR.test(before) && !HAN_RUN.test(before)) continue;
          if (found[0].length) spans.push([origin[found.index], ends[found.index + found[0].length - 1]]);
        }
        return;
      }
      // A word of letters or digits is marked where a word begins, as the index cut it: `02` of QP-02 is not
      // the 02 inside 2026 or F002. A Chinese word is marked wherever it stands.
      var whole = !HAN_RUN.test(word);
      function begins(at) {
        var before = folded.charAt(at - 1);
        return !(whole && at > 0 && WORD_CHAR.test(before) && !HAN_RUN.test(before));
      }
      for (var at = folded.indexOf(word); at >= 0; at = folded.indexOf(word, at + word.length)) {
        if (begins(at)) spans.push([origin[at], ends[at + word.length - 1]]);
      }
      // A compound typed closed (followup) is marked where the page writes it with hyphens (follow-up, `compounds`).
      // (found in the text with its hyphens taken out, not by a pattern of the word: one of 10,000 letters was a
      // regular expression too large to build, and the page's marking stopped with an error)
      if (word.length > 4 && LATIN_WORD.test(word)) {
        if (!unhyphenated) unhyphenated = withoutHyphens(folded);
        var bare = unhyphenated.text, kept = unhyphenated.kept;
        for (var b = bare.indexOf(word); b >= 0; b = bare.indexOf(word, b + word.length)) {
          var from = kept[b], to = kept[b + word.length - 1] + 1;
          if (to - from > word.length && !DOUBLE_HYPHEN.test(folded.slice(from, to)) && begins(from)) {
            spans.push([origin[from], ends[to - 1]]);
          }
        }
      }
    });
    spans.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var merged = [];
    spans.forEach(function (s) {
      var top = merged[merged.length - 1];
      if (top && s[0] <= top[1]) top[1] = Math.max(top[1], s[1]); else merged.push(s.slice());
    });
    return merged;
  }

  function marked(text, spans, from, to) {
    var out = "", at = from;
    spans.forEach(function (s) {
      if (s[1] <= from || s[0] >= to) return;
      out += escapeHtml(text.slice(at, Math.max(at, s[0]))) + "<mark>" + escapeHtml(text.slice(Math.max(at, s[0]), Math.min(to, s[1]))) + "</mark>";
      at = Math.min(to, s[1]);
    });
    return out + escapeHtml(text.slice(at, to));
  }

  function snippet(text, words, width) {
    var spans = matches(text, words);
    var start = spans.length ? Math.max(0, spans[0][0] - Math.floor(width / 4)) : 0;
    var end = Math.min(text.length, start + width);
    return (start > 0 ? "…" : "") + marked(text, spans, start, end) + (end < text.length ? "…" : "");
  }

  // -- Material's search box ------------------------------------------------------------------------------
  function config() {
    var node = document.getElementById("__config");
    try { return node ? JSON.parse(node.textContent) : {}; } catch (e) { return {}; }
  }

  function siteRoot(conf) {
    var base = conf.base || ".";
    // document.baseURI: the 404 page, served at any address, sets the base of its site-relative addresses
    return new URL(base.replace(/\/?$/, "/"), document.baseURI).href;
  }

  function translate(conf, key, count) {
    var text = (conf.translations || {})[key] || "";
    return count === undefined ? text : text.replace("#", count);
  }

  // With Material's `search.highlight` feature, the words are marked on the page a result opens (?h=…).
  function target(href, words, highlight) {
    if (!highlight || !words.length) return href;
    var at = href.indexOf("#"), hash = at < 0 ? "" : href.slice(at);
    return (at < 0 ? href : href.slice(0, at)) + "?h=" + encodeURIComponent(words.join(" ")) + hash;
  }

  function highlightPage() {
    var wanted = new URLSearchParams(location.search).get("h"), root = document.querySelector(".md-content article");
    if (!wanted || !root) return;
    // Chinese words on a Traditional site (the page's language zh-TW, zh-HK, zh-Hant…) are marked through its fold
    // table, which the index's directory names; any other site's page is marked at once, fetching nothing.
    var traditional = /^zh-(tw|hk|mo|hant)/i.test(document.documentElement.lang || "");
    if (!FOLD && traditional && new RegExp("[" + HAN + "]").test(wanted)) {
      new Index(siteRoot(config())).open().then(function () { mark(wanted, root); }, function () { mark(wanted, root); });
    } else {
      mark(wanted, root);
    }
  }

  function mark(wanted, root) {
    var words = normalise(wanted).split(/\s+/).filter(Boolean), walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    nodes.forEach(function (node) {
      var spans = matches(node.nodeValue, words);
      if (!spans.length || node.parentNode.closest("mark, script, style")) return;
      var holder = document.createElement("span");
      holder.innerHTML = marked(node.nodeValue, spans, 0, node.nodeValue.length).replace(/<mark>/g, "<mark data-md-highlight>");
      while (holder.firstChild) node.parentNode.insertBefore(holder.firstChild, node);
      node.parentNode.removeChild(node);
    });
  }

  // A result's page title is an <h2> and its sections <h3>s (Material's, an <h1> and <h2>s, gave a page with the
  // panel open one <h1> per result besides its own); qmsdoc.css sets them as Material sets its own.
  function item(page, words, highlight) {
    var sections = page.sections || [], intro = sections[0] || ["", page.title, ""];
    var html = '<a href="' + escapeHtml(target(page.href, words, highlight)) + '" class="md-search-result__link" tabindex="-1">'
      + '<article class="md-search-result__article md-typeset"><div class="md-search-result__icon md-icon"></div>'
      + '<h2 class="qmsdoc-search-page">' + marked(page.title, matches(page.title, words), 0, page.title.length) + "</h2>";
    if (intro[2]) html += '<p class="md-search-result__teaser">' + snippet(intro[2], words, 160) + "</p>";
    html += "</article></a>";
    var shown = 0, matched = sections.some(function (s, n) { return n > 0 && matches(s[1] + " " + s[2], words).length; });
    for (var i = 1; i < sections.length && shown < 3; i++) {
      var s = sections[i];
      // Nothing on the page but its number or title matched (a query for a control number): the page's first
      // words under its title, not a bare title on a phone.
      if (matched ? !matches(s[1] + " " + s[2], words).length : intro[2] || !s[2] || shown) continue;
      shown++;
      html += '<a href="' + escapeHtml(target(page.href + "#" + s[0], words, highlight)) + '" class="md-search-result__link" tabindex="-1">'
        + '<article class="md-search-result__article md-typeset"><h3>' + marked(s[1], matches(s[1], words), 0, s[1].length)
        + "</h3>" + (s[2] ? '<p class="md-search-result__teaser">' + snippet(s[2], words, 120) + "</p>" : "")
        + "</article></a>";
    }
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    li.innerHTML = html;
    return li;
  }

  // The line above the pages lacking `words` (the catalogue's text, its {word} the words as typed, joined by the
  // catalogue's separator).
  function lackingHead(template, words, join) {
    var li = document.createElement("li");
    li.className = "qmsdoc-search-partial";
    li.textContent = String(template || "").replace("{word}", words.join(join || " "));
    return li;
  }

  function mount(box) {
    var conf = config(), index = new Index(siteRoot(conf)), search = new Search(index);
    var highlight = (conf.features || []).indexOf("search.highlight") >= 0;
    var toggle = document.getElementById("__search"), input = box.querySelector(".md-search__input");
    var meta = box.querySelector(".md-search-result__meta"), list = box.querySelector(".md-search-result__list");
    var scroll = box.querySelector(".md-search__scrollwrap"), form = box.querySelector(".md-search__form");
    var current = 0, result = null, shown = 0, loading = false, timer = 0, text = window.qmsdocText || {};
    // The template's own words (Material's "initializing search"): said again while a query waits for the index
    // to arrive on a slow line, where "type to start searching" answered a reader who had typed.
    var initializing = meta.textContent.trim();
    meta.textContent = translate(conf, "search.result.placeholder");

    function more() {
      if (!result || loading || shown >= result.pages.length) return;
      loading = true;
      var run = current, mine = result, batch = result.pages.slice(shown, shown + PAGE_SIZE);
      // Each result shows as soon as it and those above it have arrived.
      var pending = batch.map(function (n) { return index.page(n); }), next = 0, ready = [], from = shown;
      pending.forEach(function (promise, i) {
        promise.then(function (page) {
          ready[i] = page;
          while (run === current && result === mine && ready[next]) {
            var head = result.heads.get(from + next);
            if (head) list.appendChild(head);
            list.appendChild(item(ready[next], result.marks[from + next] || result.words, highlight));
            next++;
          }
        }, function () { ready[i] = null; });
      });
      Promise.all(pending.map(function (p) { return p.catch(function () { return null; }); })).then(function () {
        if (run !== current || result !== mine) return;
        shown += batch.length;
        loading = false;
        if (scroll.scrollHeight <= scroll.clientHeight + 16) more();
      });
    }

    // The results shown again in the order `pages` gives, from the top (a reader seldom scrolls before it comes).
    function refine(pages) {
      if (pages.every(function (n, i) { return result.pages[i] === n; })) return;
      result = {pages: pages, words: result.words, heads: new Map(), marks: []};
      shown = 0; loading = false;
      list.innerHTML = "";
      more();
    }

    function run(query) {
      var id = ++current;
      result = null; shown = 0; loading = false;
      if (!query.trim()) {
        list.innerHTML = "";
        meta.textContent = translate(conf, "search.result.placeholder");
        return;
      }
      if (!index.directory && initializing) meta.textContent = initializing;
      search.answer(query).then(function (found) {
        if (id !== current) return;
        list.innerHTML = "";
        var n = found.pages.length;
        meta.textContent = n === 0 ? translate(conf, "search.result.none")
          : n === 1 ? translate(conf, "search.result.one") : translate(conf, "search.result.other", n);
        result = {pages: found.pages, words: found.words, heads: new Map(), marks: []};
        // No page holds every word: the pages holding most, under lines naming the words they lack, below a count
        // that says so.
        if (n === 0 && found.partial.length && text.searchPartial) {
          meta.textContent = text.searchPartial;
          found.partial.forEach(function (section) {
            result.heads.set(result.pages.length, lackingHead(text.searchLacking, section.lacking, text.searchLackingJoin));
            section.pages.forEach(function (page) { result.pages.push(page); result.marks.push(section.words); });
          });
        }
        more();
        // The results in the order of the pages that write each phrase as typed, once that is known (`refined`):
        // shown again in that order from the pages already read (the same files, fetched once).
        if (!result.heads.size) {
          var shownResult = result;
          search.refined(found).then(function (pages) {
            if (id === current && result === shownResult) refine(pages);
          });
        }
      }, function (error) {
        if (id !== current) return;
        // the index unread (a server gone, a file missing from a site opened from its folder, even after the
        // directory was read again): never "no matching documents", which tells a reader that a document in force
        // does not exist
        var said = window.qmsdocText || {};
        meta.textContent = (FROM_FOLDER && error instanceof Gone && said.searchStale) || said.searchFailed
          || translate(conf, "search.result.none");
        if (window.console) console.warn("qmsdoc search:", error);
      });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { run(input.value); }, 80);
    });
    input.addEventListener("focus", function () { if (toggle && !toggle.checked) { toggle.checked = true; } });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var first = list.querySelector(".md-search-result__link");
      if (first) location.href = first.href;
    });
    form.addEventListener("reset", function () { setTimeout(function () { run(""); input.focus(); }, 0); });
    scroll.addEventListener("scroll", function () {
      if (scroll.scrollTop + scroll.clientHeight >= scroll.scrollHeight - 64) more();
    });
    if (toggle) {
      toggle.addEventListener("change", function () {
        if (toggle.checked) { setTimeout(function () { input.focus(); }, 50); } else { input.blur(); }
      });
    }
    document.addEventListener("keydown", function (event) {
      var typing = /^(INPUT|TEXTAREA|SELECT)$/.test((event.target || {}).tagName || "");
      var open = toggle && toggle.checked;
      if (event.key === "Escape" && open) {
        toggle.checked = false; input.blur();
      } else if (open && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
        // As in Material: the arrow keys walk from the query through the results and back.
        var stops = [input].concat(Array.prototype.slice.call(list.querySelectorAll(".md-search-result__link")));
        var at = stops.indexOf(document.activeElement);
        var next = (Math.max(0, at) + stops.length + (event.key === "ArrowUp" ? -1 : 1)) % stops.length;
        event.preventDefault();
        stops[next].focus();
      } else if (!typing && (event.key === "/" || event.key === "s" || event.key === "f") && toggle) {
        event.preventDefault(); toggle.checked = true; input.focus();
      }
    });
    list.addEventListener("click", function (event) {
      if (event.target.closest && event.target.closest("a") && toggle) toggle.checked = false;
    });
  }

  window.qmsdocSearch = {Index: Index, Search: Search, normalise: normalise, compact: compact, cut: cut,
                         runs: runs, compounds: compounds, englishStem: englishStem, pairs: pairs, snippet: snippet,
                         termKey: termKey, item: item};
  if (typeof document === "undefined") return;
  var box = document.querySelector("[data-qmsdoc-search]");
  if (box) mount(box);
  if ((config().features || []).indexOf("search.highlight") >= 0) {
    // Material's `navigation.instant` swaps the page's content without loading it: each page it shows is
    // announced on `document$` (the first one too), where a result opened that way gets its words marked.
    if (window.document$ && window.document$.subscribe) window.document$.subscribe(highlightPage);
    else highlightPage();
  }
})();
