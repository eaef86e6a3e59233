# Sourced by scripts/make-base-image.sh and scripts/build-images.sh: the one
# place that says how podman is called on our machines (no Docker engine, no
# systemd, cgroups v1, no overlay mounts inside the VM).
#
#   ESPQ_CONTAINER_ENGINE=docker   use a Docker engine instead of podman
#   ESPQ_PODMAN_ARGS="..."         replace the podman global flags below
#
# Defines: CONTAINER (array: the engine and its global flags), BUILD_FLAGS and
# RUN_FLAGS (arrays: flags every build / run needs), ESPQ_CACHE.

ESPQ_REPO=${ESPQ_REPO:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
export ESPQ_CACHE=${ESPQ_CACHE:-$ESPQ_REPO/.cache}

if [ "${ESPQ_CONTAINER_ENGINE:-podman}" = docker ]; then
  CONTAINER=(docker)
  BUILD_FLAGS=()
  RUN_FLAGS=()
else
  # The default ulimits podman asks for are refused in our VMs; runc + cgroupfs
  # + vfs is what works without systemd and without overlay support.
  # --layers=false: with vfs every cached build step is a full copy of the root
  # file system (0.2 to 0.5 GB each, about 5 GB for a build of both images),
  # kept until pruned; builds after each source change filled a machine's disk
  # (CI failed with "no space left on device"). Without the step cache a build
  # of both images leaves only the two images, and is no slower here.
  # shellcheck disable=SC2206
  CONTAINER=(podman ${ESPQ_PODMAN_ARGS:---runtime runc --cgroup-manager=cgroupfs --storage-driver=vfs})
  BUILD_FLAGS=(--isolation=chroot --layers=false --ulimit nofile=1024:1024 --ulimit nproc=1000:1000)
  RUN_FLAGS=(--ulimit nofile=1024:1024 --ulimit nproc=1000:1000)
fi
