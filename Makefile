.PHONY: test demo bench install-desktop

test:
	bash scripts/test.sh

demo:
	bash scripts/demo.sh

bench:
	bash scripts/setup.sh && .venv/bin/python -m benchmarks

install-desktop:
	bash packaging/linux/install-desktop.sh
