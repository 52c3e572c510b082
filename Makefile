.PHONY: test demo bench install-desktop package

test:
	bash scripts/test.sh

demo:
	bash scripts/demo.sh

bench:
	bash scripts/setup.sh && .venv/bin/python -m benchmarks

install-desktop:
	bash packaging/linux/install-desktop.sh

package:
	bash packaging/build.sh && bash packaging/smoke.sh
