"""Quick Insights: publish a bilingual (English/Dutch) knowledge base as a static site.

The MkDocs plugin is `quickinsights.plugin`, the `insights` command `quickinsights.cli`;
docs/site-owners.md and docs/editors-guide.md tell how to use them.
"""
