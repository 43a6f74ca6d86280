/* The annotation panel of `briefing serve` (never part of the built site).
 *
 * Select words of the article (mouse, or Alt+A then type them) and the panel
 * links them to a glossary entry, creates an entry or attaches a note. Offsets
 * are counted in the article's source text: each block carries its source
 * offset (data-start) and holds the source text verbatim, except what we add
 * around it (.briefing-apparatus: note marks, margin notes), which is skipped.
 */
(function () {
  "use strict";
  var dataNode = document.getElementById("briefing-annotate-data");
  var article = document.querySelector(".briefing-article[data-briefing][data-sha256]");
  if (!dataNode || !article) { return; }
  var data = JSON.parse(dataNode.textContent);
  var APPARATUS = "briefing-apparatus";
  var panel = null;
  var current = null; // {start, end, quote, mention: {entry, start, end} | null}
  var findFrom = 0;

  function sourceWalker(para) {
    return document.createTreeWalker(para, NodeFilter.SHOW_TEXT, {
      acceptNode: function (t) {
        return t.parentElement.closest("." + APPARATUS) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      }
    });
  }

  function paraOf(node) {
    var el = node.nodeType === 1 ? node : node.parentElement;
    var para = el && el.closest(".briefing-block > p.briefing-text, .briefing-block p.briefing-text");
    return para && article.contains(para) ? para : null;
  }

  function blockStart(para) {
    return parseInt(para.closest(".briefing-block").getAttribute("data-start"), 10);
  }

  /* Characters of source text in `para` before the point (container, offset). */
  function charOffset(para, container, offset) {
    var range = document.createRange();
    range.selectNodeContents(para);
    range.setEnd(container, offset);
    var walker = sourceWalker(para), n = 0, t;
    while ((t = walker.nextNode())) {
      if (t === container) { return n + offset; }
      if (!range.intersectsNode(t)) { break; }
      n += t.data.length;
    }
    return n;
  }

  function paraText(para) {
    var walker = sourceWalker(para), out = "", t;
    while ((t = walker.nextNode())) { out += t.data; }
    return out;
  }

  /* The DOM point at source offset `at` of `para`, for selecting found words. */
  function pointAt(para, at) {
    var walker = sourceWalker(para), n = 0, t, last = null;
    while ((t = walker.nextNode())) {
      if (at <= n + t.data.length) { return [t, at - n]; }
      n += t.data.length;
      last = t;
    }
    return [last, last ? last.data.length : 0];
  }

  function mentionAround(para, start, end) {
    var links = para.querySelectorAll("a.briefing-mention[data-entry]");
    for (var i = 0; i < links.length; i++) {
      var a = links[i];
      var s = blockStart(para) + charOffset(para, a, 0);
      var e = blockStart(para) + charOffset(para, a, a.childNodes.length);
      if (s < end && start < e) { return {entry: a.getAttribute("data-entry"), start: s, end: e}; }
    }
    return null;
  }

  /* The selection as source offsets, trimmed of spaces; null when it is not inside one paragraph. */
  function selected() {
    var sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) { return null; }
    var range = sel.getRangeAt(0);
    var para = paraOf(range.startContainer);
    if (!para || paraOf(range.endContainer) !== para) { return para ? {error: "Select words within one paragraph."} : null; }
    var base = blockStart(para), text = paraText(para);
    var s = charOffset(para, range.startContainer, range.startOffset);
    var e = charOffset(para, range.endContainer, range.endOffset);
    while (s < e && /\s/.test(text[s])) { s++; }
    while (e > s && /\s/.test(text[e - 1])) { e--; }
    if (s >= e) { return null; }
    return {start: base + s, end: base + e, quote: text.slice(s, e), mention: mentionAround(para, base + s, base + e)};
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") { node.textContent = attrs[k]; } else { node.setAttribute(k, attrs[k]); }
    });
    (children || []).forEach(function (c) { node.appendChild(c); });
    return node;
  }

  function slug(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60) || "new";
  }

  function status(message, bad) {
    var s = panel.querySelector(".bap-status");
    s.textContent = message;
    s.className = "bap-status" + (bad ? " bap-bad" : "");
  }

  function send(body) {
    body.token = data.token;
    body.briefing = article.getAttribute("data-briefing");
    body.sha256 = article.getAttribute("data-sha256");
    body.start = current.start;
    body.end = current.end;
    body.quote = current.quote;
    status("Writing…", false);
    return fetch(data.endpoint, {
      method: "POST",
      headers: {"Content-Type": "application/json"},
      body: JSON.stringify(body),
      cache: "no-store"
    }).then(function (r) { return r.json().then(function (d) { return [r.status, d]; }); })
      .then(function (res) {
        if (res[1].ok) {
          status(res[1].message + " Reloading…", false);
          sessionStorage.setItem("briefing-annotate-scroll", String(window.scrollY));
          // the server rebuilt before answering: serve's reload script is already reloading the page
          window.setTimeout(function () { location.reload(); }, 1500);
        } else {
          status(res[1].error || ("refused (" + res[0] + ")"), true);
        }
      })
      .catch(function (err) { status("The server did not answer: " + err, true); });
  }

  function results(query, type) {
    var words = query.toLowerCase().split(/\s+/).filter(Boolean);
    var found = data.glossary.filter(function (e) {
      if (type && e.type !== type) { return false; }
      var hay = [e.title, e.id].concat(e.aliases).join(" \u0001 ").toLowerCase();
      return words.every(function (w) { return hay.indexOf(w) !== -1; });
    });
    var q = query.trim().toLowerCase();
    function rank(e) { // exact names first, then names that start with the query
      var names = [e.title, e.id].concat(e.aliases).map(function (n) { return n.toLowerCase(); });
      if (names.indexOf(q) !== -1) { return 0; }
      return names.some(function (n) { return n.indexOf(q) === 0; }) ? 1 : 2;
    }
    found.sort(function (a, b) { return rank(a) - rank(b) || a.title.localeCompare(b.title); });
    return found.slice(0, 8);
  }

  function renderResults() {
    var list = panel.querySelector(".bap-results");
    var query = panel.querySelector(".bap-search").value;
    var type = panel.querySelector(".bap-type").value;
    list.textContent = "";
    results(query, type).forEach(function (e) {
      var button = el("button", {type: "button", "class": "bap-link", "data-entry": e.id},
        [el("span", {text: e.title}), el("small", {text: " " + e.type + (e.aliases.length ? " · " + e.aliases.join(", ") : "")})]);
      button.addEventListener("click", function () { send({action: "mention", entry: e.id}); });
      list.appendChild(el("li", {}, [button]));
    });
    if (!list.children.length) { list.appendChild(el("li", {text: "No entry matches; create one below."})); }
  }

  function options(values, first) {
    return (first ? [el("option", {value: "", text: first})] : []).concat(values.map(function (v) {
      return el("option", {value: v, text: v});
    }));
  }

  function close() {
    if (panel) { panel.remove(); panel = null; }
  }

  function open(sel, place) {
    close();
    current = sel;
    var quote = el("p", {"class": "bap-quote"}, [el("q", {text: sel.quote})]);
    var search = el("input", {type: "search", "class": "bap-search", "aria-label": "Find an entry by title or alias", placeholder: "Find an entry…"});
    var type = el("select", {"class": "bap-type", "aria-label": "Entry type"}, options(data.types, "any type"));
    var linkPart = el("section", {"aria-label": "Link to an entry"}, [
      el("h2", {text: "Link to an entry"}), search, type, el("ul", {"class": "bap-results"})]);
    var newType = el("select", {"class": "bap-new-type", "aria-label": "Type of the new entry"}, options(data.types));
    var newId = el("input", {"class": "bap-new-id", "aria-label": "Id of the new entry", value: slug(sel.quote)});
    var newTitle = el("input", {"class": "bap-new-title", "aria-label": "Title of the new entry", value: sel.quote});
    var create = el("button", {type: "button", "class": "bap-create", text: "Create entry"});
    create.addEventListener("click", function () {
      send({action: "entry", type: newType.value, id: newId.value, title: newTitle.value});
    });
    var kind = el("select", {"class": "bap-kind", "aria-label": "Kind of note"}, options(data.kinds));
    var noteId = el("input", {"class": "bap-note-id", "aria-label": "Id of the new note", value: data.kinds[0] + "-" + slug(sel.quote)});
    var noteIdEdited = false;
    noteId.addEventListener("input", function () { noteIdEdited = true; });
    kind.addEventListener("change", function () {
      if (!noteIdEdited) { noteId.value = kind.value + "-" + slug(sel.quote); }
    });
    var attach = el("button", {type: "button", "class": "bap-note", text: "Attach note"});
    attach.addEventListener("click", function () { send({action: "note", kind: kind.value, id: noteId.value}); });
    var parts = [quote];
    if (sel.mention) {
      var remove = el("button", {type: "button", "class": "bap-remove", text: "Remove the mention of " + sel.mention.entry});
      remove.addEventListener("click", function () {
        current = {start: sel.mention.start, end: sel.mention.end, quote: sel.mention.quote};
        send({action: "unmention", entry: sel.mention.entry});
      });
      parts.push(remove);
    }
    parts.push(linkPart,
      el("details", {}, [el("summary", {text: "New entry"}), newType, newId, newTitle, create]),
      el("details", {}, [el("summary", {text: "New note"}), kind, noteId, attach]),
      el("p", {"class": "bap-status", role: "status"}),
      el("button", {type: "button", "class": "bap-close", "aria-label": "Close", text: "Close"}));
    panel = el("div", {id: "briefing-annotate", role: "dialog", "aria-label": "Annotate the selected words"}, parts);
    panel.querySelector(".bap-close").addEventListener("click", close);
    search.addEventListener("input", renderResults);
    type.addEventListener("change", renderResults);
    search.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter") {
        var first = panel.querySelector(".bap-link");
        if (first) { ev.preventDefault(); first.click(); }
      }
    });
    panel.style.top = (window.scrollY + place.bottom + 8) + "px";
    panel.style.left = Math.max(8, Math.min(window.scrollX + place.left, window.scrollX + document.documentElement.clientWidth - 360)) + "px";
    document.body.appendChild(panel);
    renderResults();
    search.focus({preventScroll: true});
  }

  function openFromSelection() {
    var sel = selected();
    if (!sel) { return false; }
    var place = window.getSelection().getRangeAt(0).getBoundingClientRect();
    if (sel.error) { close(); return false; }
    if (sel.mention) {
      var para = paraOf(window.getSelection().getRangeAt(0).startContainer);
      sel.mention.quote = paraText(para).slice(sel.mention.start - blockStart(para), sel.mention.end - blockStart(para));
    }
    open(sel, place);
    return true;
  }

  /* Keyboard: type the words, Enter selects the next place they occur. */
  function openFinder() {
    close();
    var input = el("input", {type: "search", "class": "bap-find", "aria-label": "Words of the article to annotate", placeholder: "Words of the article, then Enter"});
    panel = el("div", {id: "briefing-annotate", role: "dialog", "aria-label": "Find words to annotate"}, [
      el("h2", {text: "Annotate"}), input, el("p", {"class": "bap-status", role: "status"}),
      el("button", {type: "button", "class": "bap-close", "aria-label": "Close", text: "Close"})]);
    panel.querySelector(".bap-close").addEventListener("click", close);
    panel.style.top = (window.scrollY + 16) + "px";
    panel.style.left = (window.scrollX + 16) + "px";
    document.body.appendChild(panel);
    input.focus();
    input.addEventListener("keydown", function (ev) {
      if (ev.key !== "Enter" || !input.value.trim()) { return; }
      ev.preventDefault();
      var words = input.value.trim();
      var paras = Array.prototype.slice.call(article.querySelectorAll(".briefing-block p.briefing-text"));
      for (var pass = 0; pass < 2; pass++) {
        for (var i = 0; i < paras.length; i++) {
          var base = blockStart(paras[i]), at = paraText(paras[i]).indexOf(words);
          while (at !== -1 && base + at < findFrom) { at = paraText(paras[i]).indexOf(words, at + 1); }
          if (at !== -1) {
            findFrom = base + at + 1;
            var a = pointAt(paras[i], at), b = pointAt(paras[i], at + words.length);
            var range = document.createRange();
            range.setStart(a[0], a[1]);
            range.setEnd(b[0], b[1]);
            window.getSelection().removeAllRanges();
            window.getSelection().addRange(range);
            paras[i].scrollIntoView({block: "center"});
            openFromSelection();
            return;
          }
        }
        findFrom = 0;
      }
      status("“" + words + "” is not in the article.", true);
    });
  }

  document.addEventListener("mouseup", function (ev) {
    if (panel && panel.contains(ev.target)) { return; }
    window.setTimeout(function () { if (!openFromSelection() && panel && !panel.contains(document.activeElement)) { close(); } }, 0);
  });
  document.addEventListener("keyup", function (ev) {
    if (ev.shiftKey && /^Arrow/.test(ev.key) && !(panel && panel.contains(ev.target))) { openFromSelection(); }
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape" && panel) { close(); return; }
    if (ev.altKey && (ev.key === "a" || ev.key === "A" || ev.code === "KeyA")) {
      ev.preventDefault();
      var focused = document.activeElement;
      if (focused && focused.matches("a.briefing-mention") && article.contains(focused)) {
        var range = document.createRange();
        range.selectNodeContents(focused);
        window.getSelection().removeAllRanges();
        window.getSelection().addRange(range);
      }
      if (!openFromSelection()) { openFinder(); }
    }
  });
  var scroll = sessionStorage.getItem("briefing-annotate-scroll");
  if (scroll !== null) {
    sessionStorage.removeItem("briefing-annotate-scroll");
    window.scrollTo(0, parseInt(scroll, 10));
  }
})();
