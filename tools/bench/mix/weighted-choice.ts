/** The shopper mix of the benchmark: relative weights per action. */
export const SHOPPER_MIX = {
  browseCatalog: 10,
  viewProduct: 10,
  viewCart: 3,
  addToCart: 2,
  placeOrder: 1,
  logIn: 1,
} as const;

export type ShopperAction = keyof typeof SHOPPER_MIX;

/** Picks an action with probability proportional to its weight; `random` in [0, 1). */
export function pickAction(random: number, mix: Record<ShopperAction, number> = SHOPPER_MIX): ShopperAction {
  const entries = Object.entries(mix) as [ShopperAction, number][];
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  let threshold = random * total;
  for (const [action, weight] of entries) {
    threshold -= weight;
    if (threshold < 0) return action;
  }
  return entries[entries.length - 1][0];
}
