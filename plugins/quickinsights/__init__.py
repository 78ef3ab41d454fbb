"""Quick Insights: publish a bilingual (English/Dutch) knowledge base as a static site.

The MkDocs plugin is `quickinsights.site.plugin`, the `insights` command `quickinsights.cli.main`;
docs/site-owners.md and docs/editors-guide.md tell how to use them.
"""
