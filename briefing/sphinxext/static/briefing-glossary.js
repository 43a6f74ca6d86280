/* Filters on a glossary index: a box that matches entry names and summaries,
 * and a checkbox per entry type. Groups are .briefing-type-group[data-type];
 * the line of links to each group (.briefing-type-index) is where the filters
 * go. Without this script the whole index shows.
 */
(function () {
  "use strict";

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text) node.textContent = text;
    return node;
  }

  function itemsOf(group) {
    return Array.prototype.slice.call(group.querySelectorAll("ul.briefing-glossary > li, table tbody > tr"));
  }

  function init() {
    var index = document.querySelector(".briefing-type-index");
    var groups = Array.prototype.slice.call(document.querySelectorAll(".briefing-type-group[data-type]"));
    if (!index || !groups.length) return;

    var form = el("form", "briefing-filter");
    form.setAttribute("aria-label", "Filter the glossary");
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    var label = el("label", "briefing-filter-text", "Filter entries ");
    var box = el("input");
    box.type = "search";
    box.autocomplete = "off";
    box.placeholder = "name or summary";
    label.appendChild(box);
    form.appendChild(label);
    var types = el("fieldset", "briefing-filter-types");
    types.appendChild(el("legend", "", "Entry types"));
    var checks = {};
    groups.forEach(function (group) {
      var type = group.getAttribute("data-type");
      var link = index.querySelector('a[href="#type-' + type + '"]');
      var option = el("label", "briefing-filter-type briefing-type-" + type);
      var check = el("input");
      check.type = "checkbox";
      check.checked = true;
      check.value = type;
      option.appendChild(check);
      option.appendChild(document.createTextNode(" " + (link ? link.textContent : type)));
      types.appendChild(option);
      checks[type] = check;
    });
    form.appendChild(types);
    var status = el("p", "briefing-filter-status");
    status.setAttribute("role", "status");
    form.appendChild(status);
    index.parentNode.insertBefore(form, index);

    var total = groups.reduce(function (n, group) { return n + itemsOf(group).length; }, 0);

    function apply() {
      var terms = box.value.toLocaleLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      groups.forEach(function (group) {
        var visible = 0;
        var typeOn = checks[group.getAttribute("data-type")].checked;
        itemsOf(group).forEach(function (item) {
          var text = item.textContent.toLocaleLowerCase();
          var match = typeOn && terms.every(function (t) { return text.indexOf(t) >= 0; });
          item.hidden = !match;
          if (match) visible += 1;
        });
        group.hidden = visible === 0;
        shown += visible;
      });
      status.textContent = shown === total ? total + " entries" : shown + " of " + total + " entries";
    }

    box.addEventListener("input", apply);
    types.addEventListener("change", apply);
    apply();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
