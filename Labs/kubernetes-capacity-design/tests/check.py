"""Grades kubernetes-capacity-design: python3 check.py RULE... [--submission DIR]

Loads every document of every DIR/k8s/*.yaml and *.yml file (DIR defaults to /submission) with PyYAML -- multi-
document files, anchors, aliases and merge keys all work -- finds the checkout-api Deployment, Service,
PodDisruptionBudget and HorizontalPodAutoscaler, and checks the README's rules named on the command line: the
wiring, probes, security and resources of the pods, and the capacity arithmetic of the design (a zone lost at
peak, a rollout at peak, a node drain at peak, next quarter's peak, the namespace quota), with Kubernetes' own
defaults and rounding. Prints one TAP 13 report.
"""
import argparse
import glob
import math
import os
import re
import sys

try:
    import yaml
except ImportError:  # the grader's machine must have PyYAML (Debian: python3-yaml); say so instead of crashing
    print("TAP version 13\n1..1\nnot ok 1 - PyYAML is importable\n  ---\n  message: \"the grader needs PyYAML "
          "(Debian: apt-get install python3-yaml)\"\n  ...")
    sys.exit(0)

# The brief (README, "The brief"): numbers the design must meet.
NAME = "checkout-api"
NAMESPACE = "checkout"
IMAGE = "registry.acme.example/checkout-api:2.14.3"
APP_PORT = 8080
PEAK_RPS = 2400
NEXT_PEAK_RPS = 3600
RPS_PER_CORE = 300
CPU_MIN, CPU_MAX = 0.25, 2.0
MEMORY_MIN = 384 * 2**20
STARTUP_SECONDS = 45
ZONES = 3
QUOTA = {"requests.cpu": 24.0, "limits.cpu": 48.0, "requests.memory": 24 * 2**30, "limits.memory": 48 * 2**30, "pods": 40}
TARGET_MIN, TARGET_MAX = 40, 66
VERSION_LABELS = {"app.kubernetes.io/version", "version", "helm.sh/chart"}


class Report:
    def __init__(self):
        self.results = []

    def check(self, description, ok, detail=""):
        self.results.append((description, bool(ok), detail))
        return ok

    def emit(self):
        print("TAP version 13")
        print(f"1..{len(self.results)}")
        for number, (description, ok, detail) in enumerate(self.results, start=1):
            print(f"{'ok' if ok else 'not ok'} {number} - {description}")
            if not ok and detail:
                print("  ---")
                print("  message: " + quote(detail))
                print("  ...")


def quote(text):
    text = " ".join(str(text).split())
    if len(text) > 700:
        text = text[:700] + "..."
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


# --- quantities ----------------------------------------------------------------------------------------------

SUFFIXES = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40, "Pi": 2**50, "Ei": 2**60,
            "n": 1e-9, "u": 1e-6, "m": 1e-3, "": 1, "k": 1e3, "M": 1e6, "G": 1e9, "T": 1e12, "P": 1e15, "E": 1e18}
QUANTITY = re.compile(r"^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E))?$")


def quantity(value):
    """A Kubernetes resource quantity ("500m", "1.5", 2, "384Mi", "1e3") as a number, or None."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value)
    match = QUANTITY.match(str(value).strip())
    if not match:
        return None
    number = float(match.group(1))
    if match.group(2):
        return number * 10 ** int(match.group(2)[1:])
    return number * SUFFIXES[match.group(3) or ""]


def cores(value):
    return f"{value * 1000:.0f}m" if value is not None else "unset"


def mebibytes(value):
    return f"{value / 2**20:.0f}Mi" if value is not None else "unset"


def scaled(value, total, round_up):
    """An int-or-percent field (maxSurge: 25%) against `total`, rounded as Kubernetes does; None if malformed."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        match = re.fullmatch(r"\s*(\d+)%\s*", value)
        if match:
            exact = int(match.group(1)) * total / 100
            return math.ceil(exact) if round_up else math.floor(exact)
        if value.strip().isdigit():
            return int(value)
    return None


# --- the manifests -------------------------------------------------------------------------------------------

class Manifests:
    def __init__(self, submission):
        self.documents, self.errors, self.files = [], [], []
        for path in sorted(glob.glob(os.path.join(submission, "k8s", "*.yaml")) + glob.glob(os.path.join(submission, "k8s", "*.yml"))):
            name = os.path.relpath(path, submission)
            self.files.append(name)
            try:
                with open(path, encoding="utf-8") as f:
                    for document in yaml.safe_load_all(f):
                        if isinstance(document, dict):
                            self.documents.append((name, document))
                        elif isinstance(document, list):
                            self.documents.extend((name, item) for item in document if isinstance(item, dict))
            except yaml.YAMLError as error:
                mark = getattr(error, "problem_mark", None)
                where = f":{mark.line + 1}" if mark else ""
                self.errors.append(f"{name}{where}: {getattr(error, 'problem', None) or error}")
            except (OSError, UnicodeDecodeError) as error:
                self.errors.append(f"{name}: {error}")
        # A `kind: List` document holds its objects under items.
        for name, document in list(self.documents):
            if document.get("kind") == "List" and isinstance(document.get("items"), list):
                self.documents.extend((name, item) for item in document["items"] if isinstance(item, dict))

    def of_kind(self, kind):
        return [(name, d) for name, d in self.documents if d.get("kind") == kind]

    def named(self, kind, name=NAME):
        found = [d for _, d in self.of_kind(kind) if dig(d, "metadata", "name") == name]
        return found[0] if found else None


def dig(value, *path, default=None):
    for key in path:
        if isinstance(value, dict):
            value = value.get(key)
        elif isinstance(value, list) and isinstance(key, int) and -len(value) <= key < len(value):
            value = value[key]
        else:
            return default
    return default if value is None else value


class Design:
    """The Deployment and what the rules compute from it."""

    def __init__(self, manifests):
        self.m = manifests
        self.deployment = manifests.named("Deployment")
        self.service = manifests.named("Service")
        self.hpa = self.find_hpa()
        self.pdbs = [d for _, d in manifests.of_kind("PodDisruptionBudget")]
        self.pod = dig(self.deployment, "spec", "template", "spec", default={})
        self.labels = dig(self.deployment, "spec", "template", "metadata", "labels", default={})
        containers = dig(self.pod, "containers", default=[])
        self.containers = [c for c in containers if isinstance(c, dict)]
        self.app = next((c for c in self.containers if str(c.get("image", "")).startswith(IMAGE.split(":")[0])),
                        self.containers[0] if self.containers else {})

    def find_hpa(self):
        for _, hpa in self.m.of_kind("HorizontalPodAutoscaler"):
            target = dig(hpa, "spec", "scaleTargetRef", default={})
            if target.get("kind") == "Deployment" and target.get("name") == NAME:
                return hpa
        return None

    # -- numbers --

    def cpu_request(self):
        return quantity(dig(self.app, "resources", "requests", "cpu"))

    def rps_per_pod(self):
        cpu = self.cpu_request()
        return RPS_PER_CORE * cpu if cpu else 0

    def min_replicas(self):
        if self.hpa is not None:
            value = dig(self.hpa, "spec", "minReplicas", default=1)
        else:
            value = dig(self.deployment, "spec", "replicas", default=1)
        return value if isinstance(value, int) and not isinstance(value, bool) else 1

    def max_replicas(self):
        if self.hpa is not None:
            value = dig(self.hpa, "spec", "maxReplicas", default=0)
        else:
            value = dig(self.deployment, "spec", "replicas", default=1)
        return value if isinstance(value, int) and not isinstance(value, bool) else 0

    def rolling(self, replicas):
        """(maxSurge, maxUnavailable) at `replicas`, with the defaults (25%, 25%) and Kubernetes' rounding."""
        rolling = dig(self.deployment, "spec", "strategy", "rollingUpdate", default={})
        surge = scaled(rolling.get("maxSurge", "25%"), replicas, round_up=True)
        unavailable = scaled(rolling.get("maxUnavailable", "25%"), replicas, round_up=False)
        return surge, unavailable

    def worst_zone(self, replicas):
        """The most pods one zone can hold under the zone spread constraint, or None without a hard one."""
        for constraint in dig(self.pod, "topologySpreadConstraints", default=[]):
            if not isinstance(constraint, dict):
                continue
            if (constraint.get("topologyKey") == "topology.kubernetes.io/zone"
                    and constraint.get("whenUnsatisfiable", "DoNotSchedule") == "DoNotSchedule"
                    and selects(dig(constraint, "labelSelector", default={}), self.labels)):
                skew = constraint.get("maxSkew", 1)
                if isinstance(skew, int) and skew >= 1:
                    # Zone counts differ by at most `skew`: the fullest zone x satisfies x + 2(x - skew) <= replicas.
                    return min(replicas, max(math.ceil(replicas / ZONES), (replicas + (ZONES - 1) * skew) // ZONES))
        return None

    def resolves_to_app_port(self, port):
        if port == APP_PORT:
            return True
        if isinstance(port, str):
            for container in self.containers:
                for declared in container.get("ports") or []:
                    if isinstance(declared, dict) and declared.get("name") == port and declared.get("containerPort") == APP_PORT:
                        return True
        return False


def selects(selector, labels):
    """Whether a label selector ({matchLabels, matchExpressions} or a plain map) selects pods with `labels`."""
    if not isinstance(selector, dict) or not isinstance(labels, dict):
        return False
    if "matchLabels" in selector or "matchExpressions" in selector:
        match_labels = selector.get("matchLabels") or {}
        expressions = selector.get("matchExpressions") or []
    else:
        match_labels, expressions = selector, []
    if not match_labels and not expressions:
        return False
    if any(str(labels.get(k)) != str(v) for k, v in match_labels.items()):
        return False
    for expression in expressions:
        key, operator, values = expression.get("key"), expression.get("operator"), expression.get("values") or []
        if operator == "In" and str(labels.get(key)) not in map(str, values):
            return False
        if operator == "NotIn" and key in labels and str(labels[key]) in map(str, values):
            return False
        if operator == "Exists" and key not in labels:
            return False
        if operator == "DoesNotExist" and key in labels:
            return False
    return True


def selector_keys(selector):
    if not isinstance(selector, dict):
        return set()
    if "matchLabels" in selector or "matchExpressions" in selector:
        return set((selector.get("matchLabels") or {}).keys()) | {e.get("key") for e in selector.get("matchExpressions") or []}
    return set(selector.keys())


# --- the rules -----------------------------------------------------------------------------------------------

def require(report, design):
    """The objects every rule needs; False (with a failed check) when the Deployment is missing."""
    if design.m.errors:
        report.check("every file under k8s/ is valid YAML", False, "; ".join(design.m.errors))
        return False
    return report.check(f"k8s/ holds a Deployment named {NAME}", design.deployment is not None,
                        f"found {len(design.m.documents)} object(s) in {', '.join(design.m.files) or 'no k8s/*.yaml file'}; "
                        f"none is a Deployment named {NAME}.")


def rule_wiring(report, design):
    d, s = design.deployment, design.service
    objects = [doc for _, doc in design.m.documents if doc.get("kind") in
               ("Deployment", "Service", "PodDisruptionBudget", "HorizontalPodAutoscaler")]
    outside = [f"{o.get('kind')} {dig(o, 'metadata', 'name')}" for o in objects if dig(o, "metadata", "namespace") != NAMESPACE]
    report.check(f"every object sets metadata.namespace: {NAMESPACE}", not outside,
                 f"{', '.join(outside)} do(es) not; the pipeline applies the files as they are.")
    image = str(design.app.get("image", ""))
    report.check(f"the container runs {IMAGE} (optionally with @sha256 digest)",
                 image == IMAGE or re.fullmatch(re.escape(IMAGE) + r"@sha256:[0-9a-f]{64}", image),
                 f"the image is {image or 'unset'!r}.")
    selector = dig(d, "spec", "selector", default={})
    report.check("the Deployment's selector selects its own pod template", selects(selector, design.labels),
                 f"selector {selector} against template labels {design.labels}: the API server rejects a Deployment "
                 "whose template does not match its selector.")
    report.check(f"the pod template is labelled app.kubernetes.io/name: {NAME}",
                 design.labels.get("app.kubernetes.io/name") == NAME, f"template labels: {design.labels}.")
    versioned = [k for k in selector_keys(selector) if k in VERSION_LABELS]
    report.check("the Deployment's selector has no version label (selectors are immutable)", not versioned,
                 f"it selects on {', '.join(versioned)}: the next release changes that label, and a Deployment's "
                 "selector cannot change -- the upgrade fails, or leaves the old pods orphaned.")
    if not report.check(f"there is a Service named {NAME}", s is not None, "none found."):
        return
    service_selector = dig(s, "spec", "selector", default={})
    report.check("the Service's selector selects the Deployment's pods", selects(service_selector, design.labels),
                 f"Service selector {service_selector} against pod labels {design.labels}: a Service that selects "
                 "no pod has no endpoints, and every request to it fails.")
    versioned = [k for k in selector_keys(service_selector) if k in VERSION_LABELS]
    report.check("the Service's selector has no version label", not versioned,
                 f"it selects on {', '.join(versioned)}: during a rollout it would drop the pods of one version.")
    report.check("the Service is type ClusterIP (the ingress reaches it inside the cluster)",
                 dig(s, "spec", "type", default="ClusterIP") == "ClusterIP", f"type is {dig(s, 'spec', 'type')}.")
    ports = [p for p in dig(s, "spec", "ports", default=[]) if isinstance(p, dict)]
    http = [p for p in ports if p.get("port") == 80]
    ok = bool(http) and http[0].get("name") == "http" and design.resolves_to_app_port(http[0].get("targetPort", 80))
    report.check("the Service's port 80, named http, targets the container's port 8080 (by number or by port name)", ok,
                 f"Service ports: {ports}; container ports: {[c.get('ports') for c in design.containers]}. A targetPort "
                 "name must match a containerPort's name exactly.")


def probe_problem(design, probe, path, what):
    if not isinstance(probe, dict):
        return f"there is no {what}"
    get = probe.get("httpGet")
    if not isinstance(get, dict):
        return f"the {what} is not an httpGet"
    if get.get("path") != path:
        return f"the {what} requests {get.get('path')!r}, not {path}"
    if not design.resolves_to_app_port(get.get("port")):
        return f"the {what}'s port {get.get('port')!r} is not the container's port 8080 (by number or by its name)"
    return None


def rule_probes(report, design):
    app = design.app
    readiness, liveness, startup = app.get("readinessProbe"), app.get("livenessProbe"), app.get("startupProbe")
    problem = probe_problem(design, readiness, "/healthz/ready", "readinessProbe")
    report.check("a readinessProbe: httpGet /healthz/ready on port 8080", problem is None, f"{problem}.")
    problem = probe_problem(design, liveness, "/healthz/live", "livenessProbe")
    report.check("a livenessProbe: httpGet /healthz/live on port 8080 (not the readiness endpoint)", problem is None,
                 f"{problem}. /healthz/ready also checks the database: if the database is slow, a liveness probe on it "
                 "restarts every pod at once, and an outage of one dependency becomes an outage of the service.")
    if isinstance(startup, dict):
        allowance = startup.get("initialDelaySeconds", 0) + startup.get("failureThreshold", 3) * startup.get("periodSeconds", 10)
        how = "startupProbe initialDelaySeconds + failureThreshold x periodSeconds"
    elif isinstance(liveness, dict):
        allowance = liveness.get("initialDelaySeconds", 0)
        how = "livenessProbe initialDelaySeconds (no startupProbe)"
    else:
        allowance, how = 0, "nothing"
    report.check(f"a starting pod gets at least {STARTUP_SECONDS} s before liveness can kill it", allowance >= STARTUP_SECONDS,
                 f"{how} gives {allowance} s; the app needs up to {STARTUP_SECONDS} s to warm its caches, so it would be "
                 "killed and restarted forever (CrashLoopBackOff). A startupProbe holds liveness off until it succeeds. "
                 "Kubernetes defaults: periodSeconds 10, failureThreshold 3, initialDelaySeconds 0.")
    if isinstance(readiness, dict):
        window = readiness.get("failureThreshold", 3) * readiness.get("periodSeconds", 10)
        report.check("readiness takes a broken pod out of the Service within 30 s (failureThreshold x periodSeconds)",
                     window <= 30, f"it takes {window} s.")


def rule_security(report, design):
    pod_context = dig(design.pod, "securityContext", default={})
    problems = []
    for container in design.containers:
        context = container.get("securityContext") or {}
        name = container.get("name", "?")
        non_root = context.get("runAsNonRoot", pod_context.get("runAsNonRoot"))
        if non_root is not True:
            problems.append(f"{name}: runAsNonRoot is not true (pod or container securityContext)")
        if context.get("allowPrivilegeEscalation") is not False:
            problems.append(f"{name}: allowPrivilegeEscalation is not false")
        if context.get("readOnlyRootFilesystem") is not True:
            problems.append(f"{name}: readOnlyRootFilesystem is not true")
        if "ALL" not in (dig(context, "capabilities", "drop", default=[]) or []):
            problems.append(f"{name}: capabilities.drop does not contain ALL")
    report.check("every container runs as non-root, without privilege escalation, with a read-only root filesystem "
                 "and all capabilities dropped", not problems, "; ".join(problems) + ".")
    volumes = {v.get("name"): v for v in dig(design.pod, "volumes", default=[]) if isinstance(v, dict)}
    mounts = [m for m in design.app.get("volumeMounts") or [] if isinstance(m, dict)]
    tmp = [m for m in mounts if str(m.get("mountPath", "")).rstrip("/") == "/tmp"]
    ok = bool(tmp) and "emptyDir" in (volumes.get(tmp[0].get("name")) or {})
    report.check("/tmp is a writable emptyDir volume (the app writes temporary files there)", ok,
                 f"mounts: {mounts}; volumes: {list(volumes)}. With a read-only root filesystem the app fails on its first "
                 "temporary file unless /tmp is a volume.")
    report.check("the pod does not mount a service account token (automountServiceAccountToken: false)",
                 design.pod.get("automountServiceAccountToken") is False,
                 "the app never calls the Kubernetes API; a mounted token is only something to steal.")


def rule_resources(report, design):
    problems = []
    for container in design.containers:
        name = container.get("name", "?")
        requests = dig(container, "resources", "requests", default={})
        limits = dig(container, "resources", "limits", default={})
        cpu, cpu_limit = quantity(requests.get("cpu")), quantity(limits.get("cpu"))
        memory, memory_limit = quantity(requests.get("memory")), quantity(limits.get("memory"))
        if cpu is None or not CPU_MIN <= cpu <= CPU_MAX:
            problems.append(f"{name}: requests.cpu {cores(cpu)} is not between 250m and 2000m")
        if memory is None or memory < MEMORY_MIN:
            problems.append(f"{name}: requests.memory {mebibytes(memory)} is below 384Mi")
        if cpu_limit is None or (cpu is not None and cpu_limit < cpu):
            problems.append(f"{name}: limits.cpu {cores(cpu_limit)} is unset or below the request (the quota needs it set)")
        if memory_limit is None or (memory is not None and memory_limit < memory):
            problems.append(f"{name}: limits.memory {mebibytes(memory_limit)} is unset or below the request")
    report.check("every container requests 250m-2000m CPU and at least 384Mi, with limits at or above the requests",
                 not problems and design.containers, "; ".join(problems) or "there is no container.")


def needed(rps, per_pod):
    return math.ceil(rps / per_pod - 1e-9) if per_pod else None


def rule_zone_failure(report, design):
    per_pod = design.rps_per_pod()
    replicas = design.min_replicas()
    worst = design.worst_zone(replicas)
    if not report.check("the pods are spread over zones: a topologySpreadConstraint on topology.kubernetes.io/zone with "
                        "whenUnsatisfiable: DoNotSchedule, selecting the pods", worst is not None,
                        "without a hard zone constraint the scheduler may put most pods in one zone (ScheduleAnyway is only "
                        "a preference), so no number of replicas survives that zone's loss."):
        return
    survivors = replicas - worst
    report.check(f"at the minimum replica count, losing the fullest zone leaves enough pods for the {PEAK_RPS} rps peak",
                 per_pod and survivors * per_pod >= PEAK_RPS,
                 f"{replicas} replicas (the HPA's minReplicas, or spec.replicas without an HPA), at most {worst} in one zone: "
                 f"{survivors} survive x {per_pod:.0f} rps per pod (300 rps per core of CPU request, {cores(design.cpu_request())}) "
                 f"= {survivors * per_pod:.0f} rps < {PEAK_RPS}. You need {needed(PEAK_RPS, per_pod)} pods after the loss.")


def rule_pdb(report, design):
    matching = [p for p in design.pdbs if selects(dig(p, "spec", "selector", default={}), design.labels)]
    if not report.check("a PodDisruptionBudget selects the pods", matching,
                        f"{len(design.pdbs)} PodDisruptionBudget(s), none selecting {design.labels}. Without one, a node "
                        "drain may evict every replica at once."):
        return
    pdb = matching[0]
    report.check("the PodDisruptionBudget is policy/v1", pdb.get("apiVersion") == "policy/v1",
                 f"apiVersion is {pdb.get('apiVersion')!r}: policy/v1beta1 was removed in Kubernetes 1.25, and a cluster "
                 "that no longer serves it refuses the whole file.")
    replicas = design.min_replicas()
    spec = pdb.get("spec") or {}
    if "minAvailable" in spec:
        available = scaled(spec["minAvailable"], replicas, round_up=True)
        allowed = None if available is None else replicas - available
    else:
        unavailable = scaled(spec.get("maxUnavailable"), replicas, round_up=True)
        allowed = unavailable
        available = None if unavailable is None else replicas - unavailable
    if not report.check("the budget is a valid minAvailable or maxUnavailable (a number or a percentage)",
                        available is not None, f"spec: {spec}."):
        return
    report.check(f"at the minimum replica count ({replicas}) it allows at least one disruption, so nodes can be drained",
                 allowed >= 1, f"it allows {allowed}: `kubectl drain` and every cluster upgrade would wait forever on this "
                 "service. (Kubernetes rounds percentages up, for minAvailable and maxUnavailable alike.)")
    per_pod = design.rps_per_pod()
    report.check(f"and keeps enough pods available for the {PEAK_RPS} rps peak", per_pod and available * per_pod >= PEAK_RPS,
                 f"it lets the count fall to {available} pods x {per_pod:.0f} rps = {available * per_pod:.0f} rps; a drain "
                 f"at peak needs {needed(PEAK_RPS, per_pod)}.")


def rule_rollout(report, design):
    strategy = dig(design.deployment, "spec", "strategy", "type", default="RollingUpdate")
    if not report.check("the Deployment updates with RollingUpdate", strategy == "RollingUpdate",
                        f"{strategy} stops every old pod before starting new ones: downtime on every release."):
        return
    replicas = design.min_replicas()
    surge, unavailable = design.rolling(replicas)
    if not report.check("maxSurge and maxUnavailable are numbers or percentages, not both 0",
                        surge is not None and unavailable is not None and surge + unavailable > 0,
                        f"strategy: {dig(design.deployment, 'spec', 'strategy')}."):
        return
    per_pod = design.rps_per_pod()
    left = replicas - unavailable
    report.check(f"a rollout at the minimum replica count keeps enough ready pods for the {PEAK_RPS} rps peak",
                 per_pod and left * per_pod >= PEAK_RPS,
                 f"with {replicas} replicas, maxUnavailable lets {unavailable} go (Kubernetes rounds it down; the default "
                 f"is 25%): {left} pods x {per_pod:.0f} rps = {left * per_pod:.0f} rps < {PEAK_RPS}.")


def rule_hpa(report, design):
    hpa = design.hpa
    if not report.check(f"a HorizontalPodAutoscaler (autoscaling/v2) scales Deployment {NAME}",
                        hpa is not None and str(hpa.get("apiVersion", "")).startswith("autoscaling/v2"),
                        "none targets it" if hpa is None else f"apiVersion is {hpa.get('apiVersion')}."):
        return
    report.check("the Deployment leaves spec.replicas to the HPA (it does not set it)",
                 "replicas" not in (design.deployment.get("spec") or {}),
                 f"spec.replicas: {dig(design.deployment, 'spec', 'replicas')} -- every `kubectl apply` of this file "
                 "resets the replica count the HPA chose, in the middle of a traffic peak.")
    low, high = design.min_replicas(), design.max_replicas()
    per_pod = design.rps_per_pod()
    worst = design.worst_zone(high) if design.worst_zone(high) is not None else high
    survivors = high - worst
    report.check(f"at maxReplicas, losing the fullest zone still carries next quarter's {NEXT_PEAK_RPS} rps",
                 high >= low and per_pod and survivors * per_pod >= NEXT_PEAK_RPS,
                 f"maxReplicas {high} (minReplicas {low}), at most {worst} in one zone: {survivors} x {per_pod:.0f} rps = "
                 f"{survivors * per_pod:.0f} rps < {NEXT_PEAK_RPS}.")
    targets = []
    for metric in dig(hpa, "spec", "metrics", default=[]) or []:
        if (isinstance(metric, dict) and metric.get("type") == "Resource" and dig(metric, "resource", "name") == "cpu"
                and dig(metric, "resource", "target", "type") == "Utilization"):
            targets.append(dig(metric, "resource", "target", "averageUtilization"))
    ok = len(targets) == 1 and isinstance(targets[0], int) and TARGET_MIN <= targets[0] <= TARGET_MAX
    report.check(f"it scales on CPU utilization with a target from {TARGET_MIN}% to {TARGET_MAX}%", ok,
                 f"CPU utilization targets found: {targets or 'none'}. When a zone is lost the survivors take 3/2 of its "
                 f"load before the HPA reacts: above {TARGET_MAX}% they pass 100% of their request and break the latency "
                 f"SLO; below {TARGET_MIN}% you pay for more than twice what you use.")


def rule_quota(report, design):
    high = design.max_replicas()
    surge, _ = design.rolling(high)
    if surge is None:
        surge = 0
    pods = high + surge
    totals = {key: 0.0 for key in QUOTA}
    for container in design.containers:
        for section in ("requests", "limits"):
            for resource in ("cpu", "memory"):
                value = quantity(dig(container, "resources", section, resource))
                totals[f"{section}.{resource}"] += pods * (value or 0)
    totals["pods"] = pods
    over = [f"{key} {show(key, totals[key])} > {show(key, QUOTA[key])}" for key in QUOTA if totals[key] > QUOTA[key] + 1e-9]
    report.check("at maxReplicas plus the rollout's surge, the pods fit the namespace's ResourceQuota", not over,
                 f"{high} replicas + maxSurge {surge} = {pods} pods: {'; '.join(over)}. A rollout at full scale would be "
                 "stuck: the quota refuses the surge pods.")


def show(key, value):
    if key.endswith("memory"):
        return f"{value / 2**30:.2f}Gi"
    if key.endswith("cpu"):
        return f"{value:g}"
    return str(int(value))


RULES = {
    "wiring": rule_wiring, "probes": rule_probes, "security": rule_security, "resources": rule_resources,
    "zone-failure": rule_zone_failure, "pdb": rule_pdb, "rollout": rule_rollout,
    "hpa": rule_hpa, "quota": rule_quota,
}


def main():
    parser = argparse.ArgumentParser(description="Grades kubernetes-capacity-design.")
    parser.add_argument("rules", nargs="+", choices=sorted(RULES) + ["all"], metavar="RULE",
                        help=f"one or more of: {', '.join(RULES)}; or all")
    parser.add_argument("--submission", default="/submission")
    args = parser.parse_args()
    report = Report()
    design = Design(Manifests(os.path.abspath(args.submission)))
    if require(report, design):
        for name in (list(RULES) if "all" in args.rules else args.rules):
            RULES[name](report, design)
    report.emit()


if __name__ == "__main__":
    main()
