package knowledge_test

import "commons/internal/platform/actor"

func knowledgeActor() actor.Actor { return actor.Actor{ID: "editor", Roles: []string{"officer"}} }
