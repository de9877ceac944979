"""Build scripts for the civilian-harm claims research site.

The pipeline reads load -> validate -> model -> charts/pages/exports -> write; ``cli`` composes it.
"""
