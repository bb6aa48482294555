"""All invented demo data, one module per capability, loaded in dependency order by ``loader.demo_load``."""
