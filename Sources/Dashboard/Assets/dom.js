// Small helpers to build DOM without innerHTML (the CSP allows no inline script, and server text is never HTML).

/**
 * Creates an element. `props` sets properties (className, id, type, …), except:
 *   dataset: {…} -> data-* attributes;  attrs: {…} -> setAttribute;  text -> textContent;
 *   i18n: 'key' -> data-i18n (re-labelled by applyStaticText on a language change).
 * Children may be nodes, strings or null/false (skipped).
 */
export function el(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === null) continue;
    if (name === 'dataset') Object.assign(element.dataset, value);
    else if (name === 'attrs') for (const [attribute, text] of Object.entries(value)) element.setAttribute(attribute, text);
    else if (name === 'text') element.textContent = value;
    else if (name === 'i18n') element.dataset.i18n = value;
    else element[name] = value;
  }
  append(element, children);
  return element;
}

/** Appends nodes and strings, skipping null, undefined and false. */
export function append(parent, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/** A labelled form field: <div class="field"><label for=id>…</label> control hint?</div>. */
export function field(labelText, control, { hint, labelKey } = {}) {
  const label = el('label', { htmlFor: control.id, text: labelText });
  if (labelKey) label.dataset.i18n = labelKey;
  const wrapper = el('div', { className: 'field' }, label, control);
  if (hint) {
    const help = el('p', { className: 'hint', id: `${control.id}-hint`, text: hint });
    control.setAttribute('aria-describedby', help.id);
    wrapper.append(help);
  }
  return wrapper;
}

/** Replaces a select's options with `groups` = [{ label?, options: [{ value, text, selected? }] }], keeping the value. */
export function fillSelect(select, groups, keepValue = true) {
  const previous = select.value;
  select.replaceChildren();
  for (const group of groups) {
    const parent = group.label ? el('optgroup', { label: group.label }) : select;
    for (const option of group.options) {
      parent.append(el('option', { value: option.value, text: option.text }));
    }
    if (parent !== select) select.append(parent);
  }
  if (keepValue && [...select.options].some((option) => option.value === previous)) select.value = previous;
}
