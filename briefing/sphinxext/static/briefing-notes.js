/* Analyst notes beside the article text.
 *
 * Wide screens: every note sits in the margin beside the first line of the text
 * it comments on; where notes crowd, they close up around their spans as
 * nearly as they can without overlapping, and the article grows to hold the
 * last one. Until opened, a note shows its heading line, author and date and
 * the first line of its body (sources folded), so that notes stay near their
 * text.
 * Narrow screens: a note shows only its heading line below its paragraph; its
 * toggle button, or its number mark in the text, opens it there.
 * A note named by the address (#note-...) is always open.
 * Without this script every note is shown in full after its paragraph.
 */
(function () {
  "use strict";

  var WIDE = "(min-width: 1100px)"; /* keep in step with briefing.css */
  var GAP = 8;
  var wide = window.matchMedia(WIDE);

  function notesOf(article) {
    return Array.prototype.slice.call(article.querySelectorAll(".briefing-margin > aside.briefing-note"));
  }

  /* The start of the text a note comments on: its first noted run, else its mark. */
  function anchorOf(article, note) {
    var runs = article.querySelectorAll(".briefing-noted[data-notes]");
    for (var i = 0; i < runs.length; i++) {
      if (runs[i].getAttribute("data-notes").split(/\s+/).indexOf(note.id) >= 0) return runs[i];
    }
    return article.querySelector('a.briefing-note-ref[href="#' + note.id + '"]') ||
      note.closest(".briefing-block");
  }

  function place(article) {
    var notes = notesOf(article);
    if (!wide.matches) {
      article.classList.remove("briefing-sidenotes");
      article.style.minHeight = "";
      notes.forEach(function (note) { note.style.top = ""; });
      return;
    }
    article.classList.add("briefing-sidenotes");
    var origin = article.getBoundingClientRect().top;
    var wanted = notes.map(function (note) {
      var anchor = anchorOf(article, note);
      var rect = anchor.getClientRects()[0] || anchor.getBoundingClientRect();
      return { note: note, top: rect.top - origin };
    });
    wanted.sort(function (a, b) { return a.top - b.top; });
    notes.forEach(function (note) {
      if (!note.classList.contains("briefing-note-open")) {
        var body = note.querySelector(".briefing-note-body");
        var cut = body && body.scrollHeight > body.clientHeight + 1;
        note.classList.toggle("briefing-note-more", !!(cut || note.querySelector(".briefing-note-sources")));
      }
    });
    /* Tops as near their spans as the notes allow: least squares under "no overlap,
       same order", which is isotonic regression (pool adjacent violators) of each
       span's top less the height of the notes above it. */
    var blocks = [];
    var offset = 0;
    wanted.forEach(function (item) {
      item.offset = offset;
      offset += item.note.offsetHeight + GAP;
      blocks.push({ sum: item.top - item.offset, count: 1, items: [item] });
      while (blocks.length > 1) {
        var last = blocks[blocks.length - 1];
        var prev = blocks[blocks.length - 2];
        if (prev.sum / prev.count <= last.sum / last.count) break;
        prev.sum += last.sum;
        prev.count += last.count;
        prev.items = prev.items.concat(last.items);
        blocks.pop();
      }
    });
    var bottom = 0;
    blocks.forEach(function (block) {
      var start = Math.max(0, block.sum / block.count); /* never above the article */
      block.items.forEach(function (item) {
        var top = Math.round(start + item.offset);
        item.note.style.top = top + "px";
        bottom = top + item.note.offsetHeight;
      });
    });
    article.style.minHeight = bottom ? bottom + "px" : "";
  }

  function setOpen(note, open) {
    note.classList.toggle("briefing-note-open", open);
    var label = note.getAttribute("aria-label") || "note";
    var button = note.querySelector(".briefing-note-toggle");
    if (button) {
      button.setAttribute("aria-expanded", String(open));
      button.setAttribute("aria-label", (open ? "Hide " : "Show ") + label.toLowerCase());
    }
  }

  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var note = id && document.getElementById(id);
    if (note && note.matches(".briefing-article aside.briefing-note")) setOpen(note, true);
  }

  function init() {
    var articles = Array.prototype.slice.call(document.querySelectorAll(".briefing-article"));
    if (!articles.length) return;
    articles.forEach(function (article) {
      article.classList.add("briefing-notes-foldable");
      notesOf(article).forEach(function (note) {
        var head = note.querySelector(".briefing-note-head");
        if (!head) return;
        var button = document.createElement("button");
        button.type = "button";
        button.className = "briefing-note-toggle";
        button.setAttribute("aria-controls", note.id);
        head.appendChild(button);
        button.addEventListener("click", function () {
          setOpen(note, !note.classList.contains("briefing-note-open"));
        });
        /* Keyboard focus never lands in the hidden part of a cut note. */
        note.addEventListener("focusin", function (event) {
          if (wide.matches && event.target.closest(".briefing-note-body")) setOpen(note, true);
        });
        setOpen(note, false);
      });
    });
    openTarget();
    window.addEventListener("hashchange", openTarget);
    /* A mark opens its note before the browser scrolls to it. */
    document.addEventListener("click", function (event) {
      var mark = event.target.closest && event.target.closest("a.briefing-note-ref");
      var note = mark && document.getElementById((mark.getAttribute("href") || "").slice(1));
      if (note && note.matches(".briefing-article aside.briefing-note")) setOpen(note, true);
    });

    var pending = false;
    function relayout() {
      if (pending) return;
      pending = true;
      requestAnimationFrame(function () {
        pending = false;
        articles.forEach(place);
      });
    }
    articles.forEach(place);
    /* Paper gets every note with its sources. */
    var closed = [];
    window.addEventListener("beforeprint", function () {
      closed = Array.prototype.slice.call(document.querySelectorAll("details.briefing-note-sources:not([open])"));
      closed.forEach(function (d) { d.open = true; });
    });
    window.addEventListener("afterprint", function () {
      closed.forEach(function (d) { d.open = false; });
    });
    if (wide.addEventListener) wide.addEventListener("change", relayout);
    window.addEventListener("resize", relayout);
    window.addEventListener("load", relayout);
    if (document.fonts && document.fonts.ready) document.fonts.ready.then(relayout);
    if (window.ResizeObserver) {
      var observer = new ResizeObserver(relayout);
      articles.forEach(function (article) {
        observer.observe(article);
        notesOf(article).forEach(function (note) { observer.observe(note); });
      });
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
