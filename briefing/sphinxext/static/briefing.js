/* Previews of glossary mentions (WCAG 1.4.13: dismissible, hoverable, persistent).
 *
 * Hovering, focusing or tapping a.briefing-mention[data-entry] shows one shared
 * role="tooltip" box with the entry's title, type, summary and key fields (from
 * window.briefingEntries, written by the build into _static/briefing-entries.js)
 * and any analyst note on that span (read from the note's aside in the page).
 * It stays while the pointer is over the mention or the box, closes on Escape,
 * and loads nothing. Without this script a mention is a plain link.
 * Contributor text is only ever set with textContent.
 */
(function () {
  "use strict";

  var ID = "briefing-preview";
  var HIDE_DELAY = 300;
  var NOTE_CHARS = 320;
  var TYPES = window.briefingTypes || {}; /* labels of the entry types, written by the extension */

  var box = null;
  var current = null;
  var hideTimer = null;
  var lastPointer = "mouse";
  var openBeforeTap = false;
  var dismissed = null; /* closed with Escape: stays closed until the pointer leaves it */

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text) node.textContent = text;
    return node;
  }

  function typeOf(mention, data) {
    if (data && data.type) return data.type;
    var m = /(?:^|\s)briefing-type-([a-z-]+)/.exec(mention.className);
    return m ? m[1] : "";
  }

  function noteIds(mention) {
    var ids = [];
    function add(value) {
      (value || "").split(/\s+/).forEach(function (id) {
        if (id && ids.indexOf(id) < 0) ids.push(id);
      });
    }
    for (var n = mention.closest(".briefing-noted"); n; n = n.parentElement && n.parentElement.closest(".briefing-noted")) {
      add(n.getAttribute("data-notes"));
    }
    mention.querySelectorAll(".briefing-noted").forEach(function (n) { add(n.getAttribute("data-notes")); });
    return ids;
  }

  function noteSummary(id) {
    var aside = document.getElementById(id);
    if (!aside || !aside.matches("aside.briefing-note")) return null;
    var number = aside.querySelector(".briefing-note-number");
    var kind = aside.querySelector(".briefing-note-kind");
    var text = [];
    aside.querySelectorAll(".briefing-note-body > *").forEach(function (part) {
      text.push(part.textContent.trim());
    });
    var body = text.join(" ").replace(/\s+/g, " ");
    if (body.length > NOTE_CHARS) body = body.slice(0, NOTE_CHARS - 1).replace(/\s+\S*$/, "") + "\u2026";
    var head = ["Note", number ? number.textContent.trim() : ""].join(" ").trim();
    if (kind) head += " \u00b7 " + kind.textContent.trim();
    return { head: head, body: body };
  }

  function fill(mention) {
    var entries = window.briefingEntries || {};
    var data = entries[mention.getAttribute("data-entry")] || null;
    var type = typeOf(mention, data);
    box.replaceChildren();
    box.className = "briefing-preview briefing-type-" + type;
    box.appendChild(el("p", "briefing-preview-type", TYPES[type] || type));
    box.appendChild(el("p", "briefing-preview-title", data ? data.title : mention.textContent.trim()));
    if (data && data.summary) box.appendChild(el("p", "briefing-preview-summary", data.summary));
    if (data && data.fields && data.fields.length) {
      var dl = el("dl", "briefing-preview-fields");
      data.fields.forEach(function (field) {
        dl.appendChild(el("dt", "", field[0]));
        dl.appendChild(el("dd", "", String(field[1])));
      });
      box.appendChild(dl);
    }
    noteIds(mention).forEach(function (id) {
      var note = noteSummary(id);
      if (!note) return;
      var part = el("div", "briefing-preview-note");
      part.appendChild(el("p", "briefing-preview-note-head", note.head));
      if (note.body) part.appendChild(el("p", "briefing-preview-note-body", note.body));
      box.appendChild(part);
    });
  }

  function place(mention) {
    var rects = mention.getClientRects();
    var r = rects.length ? rects[0] : mention.getBoundingClientRect();
    var last = rects.length ? rects[rects.length - 1] : r;
    var vw = document.documentElement.clientWidth;
    var vh = window.innerHeight;
    var margin = 8;
    box.style.left = "0px";
    box.style.top = "0px";
    var w = box.offsetWidth;
    var h = box.offsetHeight;
    var left = Math.max(margin, Math.min(r.left, vw - w - margin));
    var top = last.bottom + 6;
    if (top + h > vh - margin && r.top - h - 6 > margin) top = r.top - h - 6;
    box.style.left = Math.round(left + window.scrollX) + "px";
    box.style.top = Math.round(top + window.scrollY) + "px";
  }

  function show(mention) {
    clearTimeout(hideTimer);
    if (current && current !== mention) current.removeAttribute("aria-describedby");
    current = mention;
    fill(mention);
    mention.setAttribute("aria-describedby", ID);
    box.hidden = false;
    place(mention);
  }

  function hide() {
    clearTimeout(hideTimer);
    if (current) current.removeAttribute("aria-describedby");
    current = null;
    if (box) box.hidden = true;
  }

  function hideSoon() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(function () {
      if (current && current === document.activeElement) return;
      hide();
    }, HIDE_DELAY);
  }

  function mentionOf(target) {
    return target && target.closest ? target.closest("a.briefing-mention[data-entry]") : null;
  }

  function init() {
    if (!document.querySelector("a.briefing-mention[data-entry]")) return;
    box = el("div", "briefing-preview");
    box.id = ID;
    box.setAttribute("role", "tooltip");
    box.hidden = true;
    document.body.appendChild(box);

    box.addEventListener("pointerenter", function () { clearTimeout(hideTimer); });
    box.addEventListener("pointerleave", function (event) { if (event.pointerType !== "touch") hideSoon(); });

    document.addEventListener("pointerdown", function (event) {
      lastPointer = event.pointerType || "mouse";
      openBeforeTap = !!current && !box.hidden && mentionOf(event.target) === current;
      if (current && !mentionOf(event.target) && !box.contains(event.target)) hide();
    }, true);
    document.addEventListener("pointerover", function (event) {
      var mention = mentionOf(event.target);
      if (mention && event.pointerType !== "touch" && mention !== dismissed) {
        if (mention !== current || box.hidden) show(mention);
        else clearTimeout(hideTimer);
      }
    });
    document.addEventListener("pointerout", function (event) {
      var mention = mentionOf(event.target);
      if (!mention || event.pointerType === "touch" || mention.contains(event.relatedTarget)) return;
      if (mention === dismissed) dismissed = null;
      if (mention === current) hideSoon();
    });
    document.addEventListener("focusin", function (event) {
      var mention = mentionOf(event.target);
      dismissed = null;
      if (mention) show(mention);
      else if (current) hide();
    });
    document.addEventListener("focusout", function (event) {
      if (mentionOf(event.target) === current) hideSoon();
    });
    /* Touch: the first tap on a mention shows its preview, the second follows the link. */
    document.addEventListener("click", function (event) {
      var mention = mentionOf(event.target);
      if (!mention || lastPointer !== "touch") return;
      if (!openBeforeTap) {
        event.preventDefault();
        show(mention);
      }
      openBeforeTap = true;
    });
    document.addEventListener("keydown", function (event) {
      if ((event.key === "Escape" || event.key === "Esc") && current && !box.hidden) {
        event.preventDefault();
        dismissed = current.matches(":hover") ? current : null;
        hide();
      }
    });
    window.addEventListener("resize", function () { if (current && !box.hidden) place(current); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
