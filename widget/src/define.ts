/** Registers a custom element unless the name is taken, so loading the script twice is harmless. */
export function define(name: string, element: CustomElementConstructor): void {
  if (!customElements.get(name)) customElements.define(name, element);
}
