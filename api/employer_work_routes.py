"""The controllers of the employer work (issue 13), listed once for api/app.py."""
from api.controllers.deviations import DeviationController
from api.controllers.need_import import NeedImportController
from api.controllers.openers import OpenersController
from api.controllers.progression import BipController
from api.controllers.relationship import RelationshipController
from api.controllers.support import PlacementSupportController, SupportDecisionController

EMPLOYER_WORK = [RelationshipController, PlacementSupportController, SupportDecisionController, DeviationController,
                 BipController, OpenersController, NeedImportController]
