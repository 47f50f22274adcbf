/**
 * Istio's charts, one release of each at the same version: base (CRDs, validation), istiod (control plane), cni
 * (the node agent that redirects pod traffic) and ztunnel (the per-node L4 proxy). Upgraded together, in that
 * order, and never across more than one minor version at once (Istio's supported upgrade path).
 */
export const ISTIO_VERSION = '1.31.4';
export const ISTIO_REPO = 'https://istio-release.storage.googleapis.com/charts';
/** Chart names in ISTIO_REPO, in installation order. */
export const ISTIO_CHARTS = ['base', 'istiod', 'cni', 'ztunnel'] as const;
export type IstioChart = (typeof ISTIO_CHARTS)[number];
