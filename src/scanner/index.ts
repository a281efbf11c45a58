/**
 * The mini network scanner: targets and port specs, a TCP connect scan,
 * service fingerprints, UDP probes and system information.
 */
export type { HostReport, HttpInfo, PortResult, PortState, Protocol, ResolvedTarget, ServiceInfo, TlsInfo } from "./types";
export { DEFAULT_HTTP_PORTS, MAX_PORT, MIN_PORT, RANKED_PORTS, formatPortSpec, parsePortSpec, topPorts } from "./ports";
export {
  DEFAULT_TARGET,
  UnresolvableTargetError,
  checkScannable,
  expandCidr,
  parseTarget,
  resolveTargets,
  type ParsedTarget,
  type ResolveOptions,
} from "./targets";
export { loopbackListeners, portsSparingOthers } from "./listeners";
export { FALLBACK_FD_LIMIT, openFileCount, openFileLimit, safeConcurrency } from "./fd-limit";
export { defaultEngine, rawConnect, type ConnectEngine, type ConnectOutcome, type RawConnection } from "./raw-connect";
export { connectScan, isSelfConnect, type ConnectScan, type ConnectScanOptions, type ConnectScanStats } from "./connect-scan";
export { PARALLEL_MIN_PORTS, connectScanParallel, type ParallelScanOptions } from "./parallel-scan";
export { extractTitle, parseHttpResponse, type ParsedHttpResponse } from "./http-response";
export { fingerprint, fingerprintPorts, type Fingerprint, type FingerprintOptions, type FingerprintPortsOptions } from "./fingerprint";
export { udpProbe, type UdpProbeOptions } from "./udp-probe";
export { formatSystemInfo, parseOsRelease, systemInfo, type InterfaceAddress, type SystemInfo } from "./system-info";
export { scanHost, scanHosts, type HostScan, type ScanOptions } from "./scan";
export { formatHostTable, serviceSummary, toJsonPort, toJsonReport, toNdjsonLine, type JsonPort, type JsonReport } from "./report";
export { measureConnectionCost, type ConnectionCost, type ConnectionCostOptions } from "./connection-cost";
export { LAB_BANNER, LAB_LOCATION, LAB_POWERED_BY, LAB_SERVER, LAB_TITLE, LAB_TLS_CN, startLabServices, type LabServices } from "./lab-services";
